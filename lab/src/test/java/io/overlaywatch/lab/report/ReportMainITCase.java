package io.overlaywatch.lab.report;

import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.ReplayedRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report --run R} on runs the whole pipeline wrote to a real InfluxDB, and its errors. */
class ReportMainITCase {

    private static final String DB = "overlaywatch";

    @TempDir
    static Path workDir;

    private static LocalInfluxDb influx;
    private static LocalPipeline pipeline;

    @BeforeAll
    static void fillInfluxDbThroughThePipeline() throws Exception {
        influx = LocalInfluxDb.start(Files.createDirectories(workDir.resolve("influxdb")));
        influx.createDatabase(DB);
        pipeline = LocalPipeline.start(new LocalPipeline.Endpoints(null, influx.url(), DB), workDir, "report",
                System.out);
        ReplayedRuns runs = ReplayedRuns.build();
        runs.sendTo(pipeline.sink(), pipeline.query(), 30);
        runs.awaitWritten(pipeline.query(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void shouldWriteThePolicySweepFigureAndAPageWithTheRunSummaryAndEveryStep(@TempDir Path out) throws Exception {
        Result r = report("--run", ReplayedRuns.POLICY_RUN, "--influx-url", influx.url(), "--out", out.toString());

        assertThat(r.exit).as(r.err).isZero();
        BufferedImage figure = ImageIO.read(out.resolve("policy-sweep.png").toFile());
        assertThat(figure.getWidth()).isEqualTo(SweepReport.WIDTH);
        assertThat(figure.getHeight()).isEqualTo(SweepReport.HEIGHT);
        assertThat(out.resolve("pod-sweep.png")).doesNotExist();
        String html = Files.readString(out.resolve(HtmlReport.FILE));
        assertThat(html).contains("<title>overlaywatch run " + ReplayedRuns.POLICY_RUN + "</title>")
                .contains("href=\"policy-sweep.png\"").contains("src=\"data:image/png;base64,");
        // The job's own sentences, one per sweep line (linear TCP, hashed TCP, linear UDP).
        assertThat(html.lines().filter(l -> l.startsWith("<li>"))).hasSize(3);
        // Three lines of three counts in two repetitions: 18 steps, each on its relevant side only.
        String steps = html.substring(html.indexOf("<h2>Step summaries</h2>"));
        assertThat(steps.lines().filter(l -> l.startsWith("<tr><td class=\"text\">"))).hasSize(18);
        assertThat(r.out).contains("wrote " + out.resolve(HtmlReport.FILE));
    }

    @Test
    void shouldDrawThePodSweep(@TempDir Path out) throws Exception {
        Result r = report("--run", ReplayedRuns.POD_RUN, "--influx-url", influx.url(), "--out", out.toString());

        assertThat(r.exit).as(r.err).isZero();
        assertThat(ImageIO.read(out.resolve("pod-sweep.png").toFile())).isNotNull();
        assertThat(Files.readString(out.resolve(HtmlReport.FILE))).contains("href=\"pod-sweep.png\"");
    }

    @Test
    void shouldDrawALiveRunsLinksAsSvgInlineWithItsAlerts(@TempDir Path out) throws Exception {
        Result r = report("--run", ReplayedRuns.LIVE_RUN, "--influx-url", influx.url(), "--out", out.toString(),
                "--format", "svg");

        assertThat(r.exit).as(r.err).isZero();
        Path svg = out.resolve("live-links.svg");
        assertThat(ChartsTest.parseOffline(svg).getTagName()).isEqualTo("svg");
        String html = Files.readString(out.resolve(HtmlReport.FILE));
        assertThat(html).contains("href=\"live-links.svg\"").contains("<svg").contains("node-b → node-c");
        assertThat(html).contains("<td class=\"text\">stall</td>").contains("<td class=\"text\">loss</td>")
                .contains("<td class=\"text\">probe_error</td>");
    }

    @Test
    void shouldNameTheRunsThereWhenTheRunIsNotFound(@TempDir Path out) {
        Result r = report("--run", "no-such-run", "--influx-url", influx.url(), "--out", out.toString());

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("run 'no-such-run' not found").contains(ReplayedRuns.POLICY_RUN)
                .contains("database 'overlaywatch' at " + influx.url());
        assertThat(out.resolve(HtmlReport.FILE)).doesNotExist();
    }

    @Test
    void shouldSayWhichInfluxDbItCannotReach(@TempDir Path out) {
        String url = "http://127.0.0.1:" + FreePorts.next();
        Result r = report("--run", ReplayedRuns.POLICY_RUN, "--influx-url", url, "--out", out.toString());

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("cannot read run '" + ReplayedRuns.POLICY_RUN + "' from database 'overlaywatch' at "
                + url + ": cannot connect");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ReportMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
