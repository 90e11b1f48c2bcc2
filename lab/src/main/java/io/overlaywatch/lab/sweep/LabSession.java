package io.overlaywatch.lab.sweep;

import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.StepTable;
import io.overlaywatch.lab.net.LabCleanup;
import io.overlaywatch.lab.net.LabNames;
import io.overlaywatch.lab.net.LabRunLock;
import io.overlaywatch.lab.net.LabPreflight;
import io.overlaywatch.lab.report.ProgressBar;
import io.overlaywatch.lab.report.ResultTable;
import io.overlaywatch.lab.report.SweepReader;
import io.overlaywatch.lab.report.SweepReport;
import io.overlaywatch.lab.report.SweepResults;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.StepKey;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One lab run: checks the machine, starts the pipeline, runs the sweeps, waits for their step
 * summaries, and prints and writes the results. Stops and removes all it made, also on Ctrl-C.
 */
public final class LabSession {

    private final LocalPipeline.Endpoints endpoints;
    private final Path workDir;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream log;
    private final Duration wait;

    public LabSession(LocalPipeline.Endpoints endpoints, Path workDir, boolean quiet, Duration wait,
                      PrintStream out, PrintStream log) {
        this.endpoints = endpoints;
        this.workDir = workDir;
        this.quiet = quiet;
        this.wait = wait;
        this.out = out;
        this.log = log;
    }

    /** What a lab run produced. */
    public record Outcome(String run, SweepResults results, List<SweepRunner.FailedStep> failed, List<Path> files) {

        /** 0 when every step ran, 1 when one failed. */
        public int exitCode() {
            return failed.isEmpty() ? 0 : 1;
        }
    }

    /** Runs the sweeps one after another in one run, then prints and writes the results. */
    public Outcome run(String kind, List<SweepSettings> sweeps) throws Exception {
        LabPreflight.check();
        String run = "lab-" + kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        // A run-specific prefix: a second lab on the machine, or a killed one, never collides.
        String prefix = LabNames.randomPrefix();
        LabRunLock lock = LabRunLock.acquire(prefix);
        int steps = sweeps.stream().mapToInt(SweepSettings::stepCount).sum();
        Duration estimate = sweeps.stream().map(SweepSettings::estimate).reduce(Duration.ZERO, Duration::plus);
        log.printf("overlaywatch lab: run %s, %d steps, about %d min; names start with %s%n", run, steps,
                Math.max(1, estimate.toMinutes()), prefix);
        LocalPipeline pipeline = LocalPipeline.start(endpoints, workDir.resolve("pipeline"), run, quiet ? nullStream() : log);
        Thread stopOnExit = new Thread(() -> {
            pipeline.close();
            LabCleanup.removeAll(prefix);
            lock.close();
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            ProgressBar progress = new ProgressBar(steps, quiet, log);
            List<StepKey> done = new ArrayList<>();
            List<SweepRunner.FailedStep> failed = new ArrayList<>();
            int firstIndex = 0;
            for (SweepSettings sweep : sweeps) {
                SweepRunner runner = new SweepRunner(sweep, pipeline, prefix, log, progress);
                done.addAll(runner.run(run, firstIndex));
                firstIndex += sweep.stepCount();
                failed.addAll(runner.failed());
                if (!failed.isEmpty() && sweep.stopOnFailure()) {
                    break;
                }
            }
            if (!quiet) {
                log.println("waiting for the step summaries in InfluxDB...");
            }
            awaitSummaries(pipeline.query(), run, done);
            SweepResults results = SweepReader.read(pipeline.query(), run);
            out.println();
            out.println("Results of run " + run + " (read back from InfluxDB):");
            ResultTable.print(results, out);
            List<Path> files = SweepReport.write(workDir.resolve(run), results);
            for (Path file : files) {
                out.println("wrote " + file);
            }
            for (SweepRunner.FailedStep f : failed) {
                out.println("failed step " + f.step().index() + ": " + f.reason());
            }
            return new Outcome(run, results, List.copyOf(failed), files);
        } finally {
            pipeline.close();
            LabCleanup.removeAll(prefix);
            lock.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook does the same.
            }
        }
    }

    /** Waits until every completed step has its summary on the side that tells its throughput. */
    private void awaitSummaries(InfluxQuery query, String run, List<StepKey> done) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            StepTable table = StepTable.read(query, run);
            List<StepKey> missing = done.stream().filter(step -> !table.has(step.index(),
                    step.protocol() == Protocol.UDP ? "receiver" : "sender")).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                log.println("overlaywatch lab: no summary after " + wait.toSeconds() + " s for steps "
                        + missing.stream().map(s -> Integer.toString(s.index())).toList());
                return;
            }
            Thread.sleep(250); // polling InfluxDB: nothing tells us when a point lands
        }
    }

    private static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
