package io.overlaywatch.lab.report;

import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.jobs.query.InfluxQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code overlaywatch report --run R}: a run's figures and one HTML page, read from InfluxDB, for people without Grafana. */
@Command(name = "report", mixinStandardHelpOptions = true, version = "overlaywatch 0.1.0",
        description = {"Reads one run from InfluxDB and writes its figures (policy sweep, pod sweep, live links: the same"
                + " views as the Grafana dashboards and the lab's plots) as PNG or SVG files, and report.html: the"
                + " figures inline, the run summary, the alerts and a table of the step summaries.",
                "An InfluxDB 2.x/3.x token is read from the environment variable " + JobOptions.INFLUX_TOKEN_ENV + "."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:InfluxDB unreachable or erring, the run not found, or files not written",
                "2:bad command line"})
public final class ReportMain implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run id (the run tag of its series).")
    String run;

    @Option(names = "--influx-url", defaultValue = "http://127.0.0.1:8086",
            description = "InfluxDB base URL (default: ${DEFAULT-VALUE}).")
    String influxUrl;

    @Option(names = "--db", defaultValue = "overlaywatch",
            description = "Database, or on InfluxDB 2.x/3.x the DBRP-mapped database name (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--out", description = "Folder to write into, created if needed (default: report-<run>).")
    Path out;

    @Option(names = "--format", defaultValue = "png", description = "Figure format: png or svg (default: ${DEFAULT-VALUE}).")
    ImageFormat format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ReportMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String where = "database '" + database + "' at " + influxUrl;
        RunData data;
        try {
            data = RunData.read(new InfluxQuery(influxUrl, database, System.getenv(JobOptions.INFLUX_TOKEN_ENV)), run);
        } catch (RunNotFoundException e) {
            err.println("overlaywatch report: " + e.getMessage() + " (" + where + ")");
            return 1;
        } catch (IOException e) {
            err.println("overlaywatch report: cannot read run '" + run + "' from " + where + ": " + describe(e));
            return 1;
        }
        Path dir = out != null ? out : Path.of("report-" + run.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(dir);
            Map<Path, String> figures = new LinkedHashMap<>();
            SweepReport.writeFigures(dir, data.sweeps(), format).forEach((kind, file) -> figures.put(file,
                    kind == SweepKind.POLICY ? "Throughput against policy count (the paper's Fig. 4)"
                            : "Cumulative throughput against pod pairs (the paper's Fig. 5)"));
            if (!data.links().isEmpty()) {
                figures.put(Charts.write(LinkFigures.spec(run, data.links()),
                        dir.resolve("live-links." + format.extension()), SweepReport.WIDTH, SweepReport.HEIGHT, format),
                        "Throughput per link over time");
            }
            Path page = HtmlReport.write(dir, data, figures, "Read from InfluxDB, " + where);
            figures.keySet().forEach(f -> stdout.println("wrote " + f));
            stdout.println("wrote " + page + " (" + data.steps().size() + " step summaries, "
                    + data.summaries().size() + " run summaries, " + data.alerts().size() + " alerts)");
            return 0;
        } catch (IOException e) {
            err.println("overlaywatch report: cannot write the report into " + dir.toAbsolutePath() + ": " + describe(e));
            return 1;
        }
    }

    /** HttpClient's ConnectException carries no message of its own. */
    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect (" + e.getClass().getName() + "); is InfluxDB running there?";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
