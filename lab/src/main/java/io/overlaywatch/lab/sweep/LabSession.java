package io.overlaywatch.lab.sweep;

import io.overlaywatch.agents.counters.CounterCollector;
import io.overlaywatch.agents.counters.CounterSources;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.RunAnalysis;
import io.overlaywatch.lab.StepTable;
import io.overlaywatch.lab.net.LabCleanup;
import io.overlaywatch.lab.net.LabNames;
import io.overlaywatch.lab.net.LabPreflight;
import io.overlaywatch.lab.net.LabRunLock;
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
import java.util.Map;

/**
 * The lab on one machine: checks it, starts the pipeline once, then runs sweeps as runs, each waiting for its step
 * summaries and the job's analysis of it, and printing and writing the results. Runs of one session share the job,
 * so a later run is compared with the earlier ones for regressions. Closing it stops and removes all it made, as
 * does Ctrl-C.
 */
public final class LabSession implements AutoCloseable {

    /** The host's own counters, read while waiting so that event time passes the end of the run. */
    private static final String HOST_NODE = "lab-host";

    private final Path workDir;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream log;
    private final Duration wait;
    private final String prefix;
    private final LabRunLock lock;
    private final LocalPipeline pipeline;
    private final Thread stopOnExit;

    private LabSession(LocalPipeline.Endpoints endpoints, Path workDir, boolean quiet, Duration wait,
                       PrintStream out, PrintStream log, Map<String, String> jobSettings) throws Exception {
        LabPreflight.check();
        this.workDir = workDir;
        this.quiet = quiet;
        this.wait = wait;
        this.out = out;
        this.log = log;
        // A session-specific prefix: a second lab on the machine, or a killed one, never collides.
        this.prefix = LabNames.randomPrefix();
        this.lock = LabRunLock.acquire(prefix);
        String session = "lab-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            this.pipeline = LocalPipeline.start(endpoints, workDir.resolve("pipeline"), session,
                    quiet ? nullStream() : log, jobSettings);
        } catch (Exception e) {
            lock.close();
            throw e;
        }
        this.stopOnExit = new Thread(this::stop, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Checks the machine and starts the pipeline; {@code jobSettings} replace the lab's job settings. */
    public static LabSession start(LocalPipeline.Endpoints endpoints, Path workDir, boolean quiet, Duration wait,
                                   PrintStream out, PrintStream log, Map<String, String> jobSettings) throws Exception {
        return new LabSession(endpoints, workDir, quiet, wait, out, log, jobSettings);
    }

    /** What a lab run produced. */
    public record Outcome(String run, SweepResults results, RunAnalysis analysis,
                          List<SweepRunner.FailedStep> failed, List<Path> files) {

        /** 0 when every step ran, 1 when one failed. */
        public int exitCode() {
            return failed.isEmpty() ? 0 : 1;
        }
    }

    /** Runs the sweeps one after another as one run, then prints and writes the results and the job's analysis. */
    public Outcome run(String kind, List<SweepSettings> sweeps) throws Exception {
        String run = "lab-" + kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        int steps = sweeps.stream().mapToInt(SweepSettings::stepCount).sum();
        Duration estimate = sweeps.stream().map(SweepSettings::estimate).reduce(Duration.ZERO, Duration::plus);
        log.printf("overlaywatch lab: run %s, %d steps, about %d min; names start with %s%n", run, steps,
                Math.max(1, estimate.toMinutes()), prefix);
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
            log.println("waiting for the step summaries and the run's analysis in InfluxDB...");
        }
        awaitSummaries(pipeline.query(), run, done);
        RunAnalysis analysis = awaitAnalysis(run, done);
        SweepResults results = SweepReader.read(pipeline.query(), run);
        out.println();
        out.println("Results of run " + run + " (read back from InfluxDB):");
        ResultTable.print(results, out);
        out.println();
        out.println("Analysis of run " + run + " by the job:");
        analysis.print(out);
        List<Path> files = SweepReport.write(workDir.resolve(run), results);
        for (Path file : files) {
            out.println("wrote " + file);
        }
        for (SweepRunner.FailedStep f : failed) {
            out.println("failed step " + f.step().index() + ": " + f.reason());
        }
        return new Outcome(run, results, analysis, List.copyOf(failed), files);
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

    /**
     * The job judges a run once event time has passed its last step by the run gap. Nothing else is sent after
     * the last step, so readings of the host's counters, once a second, carry event time on until the run has a
     * summary per scenario, profile and protocol; one more reading lets the regression judgement of the same
     * moment land too.
     */
    private RunAnalysis awaitAnalysis(String run, List<StepKey> done) throws Exception {
        long expected = done.stream().map(s -> s.scenario() + "/" + s.cni() + "/" + s.protocol()).distinct().count();
        CounterCollector host = new CounterCollector(run, HOST_NODE, CounterSources.proc(CounterSources.PROC_NET),
                pipeline.sink());
        long deadline = System.nanoTime() + wait.toNanos();
        RunAnalysis analysis = RunAnalysis.read(pipeline.query(), run);
        while (analysis.summaryCount() < expected && System.nanoTime() < deadline) {
            host.collectOnce();
            pipeline.sink().flush();
            Thread.sleep(1000); // event time moves with the readings' clock: one reading a second
            analysis = RunAnalysis.read(pipeline.query(), run);
        }
        if (analysis.summaryCount() < expected) {
            log.println("overlaywatch lab: the job has not summarised run " + run + " after " + wait.toSeconds() + " s");
            return analysis;
        }
        host.collectOnce();
        pipeline.sink().flush();
        Thread.sleep(1000);
        return RunAnalysis.read(pipeline.query(), run);
    }

    /** The pipeline the runs go through; its broker and InfluxDB outlive each run. */
    public LocalPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is doing the same.
        }
    }

    private synchronized void stop() {
        pipeline.close();
        LabCleanup.removeAll(prefix);
        lock.close();
    }

    private static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
