package io.overlaywatch.jobs.eval;

import io.overlaywatch.jobs.functions.CusumDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code eval detection}: replays labelled scenarios built from real iperf3 runs and prints recall, delay and false alerts. */
@Command(name = "detection", mixinStandardHelpOptions = true,
        description = {
            "Replays labelled scenarios through the live change detector the job runs (the same window"
                    + " aggregation and CusumDetector): noise-only runs and injected drops built by resampling real"
                    + " iperf3 runs, and real level changes.",
            "Prints, per drop size, recall and detection delay in windows, false alerts per 1,000 noise-only"
                    + " windows, and whether the goal is met: every drop of 10%% or more found within 2 windows,"
                    + " at most 1 false alert per 1,000 noise-only windows."})
public class DetectionCommand implements Callable<Integer> {

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "60",
            description = "Window length (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--block", paramLabel = "SECONDS", defaultValue = "10",
            description = "Bootstrap block: consecutive real seconds copied together (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--noise-windows", paramLabel = "N", defaultValue = "1200",
            description = "Windows per noise-only run (default: ${DEFAULT-VALUE}).")
    int noiseWindows;

    @Option(names = "--noise-runs", paramLabel = "N", defaultValue = "20",
            description = "Noise-only runs per recorded run, each with a fresh detector (default: ${DEFAULT-VALUE}).")
    int noiseRuns;

    @Option(names = "--drops", paramLabel = "N", defaultValue = "100",
            description = "Drops per size and recorded run (default: ${DEFAULT-VALUE}).")
    int drops;

    @Option(names = "--drop-sizes", paramLabel = "PCT", split = ",", defaultValue = "3,5,10,20",
            description = "Drop sizes in %% (default: ${DEFAULT-VALUE}).")
    double[] dropSizes;

    @Option(names = "--drop-windows", paramLabel = "N", defaultValue = "10",
            description = "How long each drop lasts (default: ${DEFAULT-VALUE}).")
    int dropWindows;

    @Option(names = "--recovery-windows", paramLabel = "N", defaultValue = "10",
            description = "Normal windows after each drop (default: ${DEFAULT-VALUE}).")
    int recoveryWindows;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--baseline-windows", paramLabel = "N",
            defaultValue = "" + CusumDetector.Settings.DEFAULT_BASELINE_WINDOWS,
            description = "Detector: windows in the baseline (default: ${DEFAULT-VALUE}).")
    int baselineWindows;

    @Option(names = "--k", defaultValue = "" + CusumDetector.Settings.DEFAULT_K,
            description = "Detector: CUSUM allowance in sigmas (default: ${DEFAULT-VALUE}).")
    double k;

    @Option(names = "--h", defaultValue = "" + CusumDetector.Settings.DEFAULT_H,
            description = "Detector: CUSUM threshold in sigmas (default: ${DEFAULT-VALUE}).")
    double h;

    @Option(names = "--min-drop", paramLabel = "PCT", defaultValue = "" + CusumDetector.Settings.DEFAULT_MIN_DROP_PCT,
            description = "Detector: smallest drop worth an alert, %% (default: ${DEFAULT-VALUE}).")
    double minDrop;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "" + CusumDetector.Settings.DEFAULT_WINDOWS,
            description = "Detector: windows a drop must last (default: ${DEFAULT-VALUE}).")
    int windows;

    @Option(names = "--sigma-floor", paramLabel = "PCT",
            defaultValue = "" + CusumDetector.Settings.DEFAULT_MIN_SIGMA_PCT,
            description = "Detector: floor of the robust sigma, %% of the median (default: ${DEFAULT-VALUE}).")
    double sigmaFloor;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "Folder with an index.tsv and iperf3 outputs to use instead of the bundled runs.")
    Path runsDir;

    @Option(names = "--check", description = "Exit with 1 when the goal is not met (for CI).")
    boolean check;

    @Option(names = "--grid", description = "Also evaluate every pair of --grid-k and --grid-h and print one line per pair.")
    boolean grid;

    @Option(names = "--grid-k", split = ",", paramLabel = "K", defaultValue = "0.5,0.75,1,1.25",
            description = "CUSUM allowances for --grid (default: ${DEFAULT-VALUE}).")
    double[] gridK;

    @Option(names = "--grid-h", split = ",", paramLabel = "H", defaultValue = "2,2.5,3,3.5,4,5,6",
            description = "CUSUM thresholds for --grid (default: ${DEFAULT-VALUE}).")
    double[] gridH;

    @Override
    public Integer call() {
        List<RecordedRun> runs = runsDir == null ? RecordedRuns.bundled() : RecordedRuns.from(runsDir);
        DetectionEvaluation.Result result = new DetectionEvaluation(config(k, h)).run(runs);
        DetectionReport.print(result, System.out);
        if (grid) {
            System.out.println();
            System.out.println("Grid (injected drops, both alignments; % found within 2 windows)");
            System.out.printf(Locale.ROOT, "  %5s %5s %10s %10s", "k", "h", "false/1000", "pooled");
            for (double pct : dropSizes) {
                System.out.printf(Locale.ROOT, " %7s", String.format(Locale.ROOT, "%.0f%%", pct));
            }
            System.out.println();
            for (double gk : gridK) {
                for (double gh : gridH) {
                    DetectionEvaluation.Result g = new DetectionEvaluation(config(gk, gh)).run(runs);
                    System.out.printf(Locale.ROOT, "  %5.2f %5.1f %10.2f %10.2f", gk, gh, g.noisePerThousand(),
                            g.pooledPerThousand());
                    for (double pct : dropSizes) {
                        int trials = 0;
                        int found = 0;
                        for (DetectionEvaluation.DropResult d : g.drops()) {
                            if (d.dropPct() == pct) {
                                trials += d.trials();
                                found += d.within(DetectionReport.GOAL_WINDOWS);
                            }
                        }
                        System.out.printf(Locale.ROOT, " %6.1f%%", trials == 0 ? 0 : 100.0 * found / trials);
                    }
                    System.out.println();
                }
            }
        }
        boolean met = DetectionReport.recallGoalMet(result) && DetectionReport.falseAlertGoalMet(result);
        return check && !met ? 1 : 0;
    }

    private DetectionEvaluation.Config config(double cusumK, double cusumH) {
        CusumDetector.Settings settings = new CusumDetector.Settings(baselineWindows, cusumK, cusumH, minDrop, windows,
                sigmaFloor);
        return new DetectionEvaluation.Config(settings, window, block, noiseWindows, noiseRuns, drops, dropSizes,
                dropWindows, recoveryWindows, seed);
    }
}
