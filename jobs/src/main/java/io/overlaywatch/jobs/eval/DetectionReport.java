package io.overlaywatch.jobs.eval;

import io.overlaywatch.jobs.functions.CusumDetector;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints an evaluation's result as the tables the issue asks for, and whether the goal is met. */
public final class DetectionReport {

    /** Drops at least this large must be found within {@link #GOAL_WINDOWS} windows. */
    public static final double GOAL_DROP_PCT = 10;
    public static final int GOAL_WINDOWS = 2;
    /** At most this many false alerts per 1,000 noise-only windows. */
    public static final double GOAL_FALSE_PER_THOUSAND = 1.0;

    private DetectionReport() {
    }

    /** Whether every drop of at least 10% (both alignments) and every real level change of at least 10% was found within 2 windows. */
    public static boolean recallGoalMet(DetectionEvaluation.Result r) {
        for (DetectionEvaluation.DropResult d : concat(r.drops(), r.switches())) {
            if (d.dropPct() >= GOAL_DROP_PCT && d.within(GOAL_WINDOWS) < d.trials()) {
                return false;
            }
        }
        return true;
    }

    /** Whether both the noise-only runs and the windows before the drops stay within the false alert budget. */
    public static boolean falseAlertGoalMet(DetectionEvaluation.Result r) {
        return r.noisePerThousand() <= GOAL_FALSE_PER_THOUSAND && r.pooledPerThousand() <= GOAL_FALSE_PER_THOUSAND;
    }

    public static void print(DetectionEvaluation.Result r, PrintStream out) {
        DetectionEvaluation.Config c = r.config();
        CusumDetector.Settings s = c.settings();
        out.printf(Locale.ROOT, "Detection evaluation: %d s windows, %d s bootstrap blocks, seed %d%n",
                c.windowSeconds(), c.blockSeconds(), c.seed());
        out.printf(Locale.ROOT, "Detector: baseline %d windows (judges after %d), k=%.2f, h=%.2f, min drop %.1f%%,"
                        + " %d windows, sigma floor %.1f%%%n", s.baselineWindows(), s.warmupWindows(), s.k(), s.h(),
                s.minDropPct(), s.windows(), s.minSigmaPct());
        out.println("Recorded runs (real iperf3 3.12 output):");
        for (RecordedRun run : r.runs()) {
            out.printf(Locale.ROOT, "  %-22s %-4s %-9s %-7s %4d s  %s%n", run.name(), run.protocol().wireName(),
                    run.side().wireName(), run.use(), run.seconds().size(), run.command());
        }

        out.println();
        out.println("Noise-only runs (every alert is false); drops injected into each run, found within "
                + GOAL_WINDOWS + " windows (both alignments);");
        out.println("bound: the best any detector could do for 10% drops within " + GOAL_WINDOWS
                + " windows at 1 false alert per 1,000 on that run's noise (median known, see DetectionEvaluation)");
        out.printf(Locale.ROOT, "  %-18s %-13s %14s %7s %8s %6s %9s", "run", "side", "window mean", "CV",
                "windows", "false", "per 1,000");
        for (double pct : c.dropPcts()) {
            out.printf(Locale.ROOT, " %6s", String.format(Locale.ROOT, "%.0f%%", pct));
        }
        out.printf(Locale.ROOT, " %7s%n", "bound");
        for (DetectionEvaluation.NoiseResult n : r.noise()) {
            out.printf(Locale.ROOT, "  %-18s %-13s %14s %6.2f%% %,8d %6d %9.2f", n.run(), n.protocol(),
                    gbps(n.meanBps()), n.windowCvPct(), n.windows(), n.falseAlerts(), n.perThousand());
            for (double pct : c.dropPcts()) {
                int trials = 0;
                int found = 0;
                for (DetectionEvaluation.DropResult d : r.perRun()) {
                    if (d.run().equals(n.run()) && d.dropPct() == pct) {
                        trials += d.trials();
                        found += d.within(GOAL_WINDOWS);
                    }
                }
                out.printf(Locale.ROOT, " %5.1f%%", trials == 0 ? 0 : 100.0 * found / trials);
            }
            out.printf(Locale.ROOT, " %6.1f%%%n", n.oracleRecallPct());
        }
        out.printf(Locale.ROOT, "  %-18s %-13s %14s %7s %,8d %6d %9.2f%n", "all", "", "", "", r.noiseWindows(),
                r.noiseFalseAlerts(), r.noisePerThousand());

        out.println();
        out.println("Injected drops starting with a window (delay 1 = alert on the first dropped window)");
        table(r.drops().stream().filter(DetectionEvaluation.DropResult::aligned).toList(), out);
        out.println();
        out.println("Injected drops starting at a random second inside a window"
                + " (delay 0 = alert on the partly dropped window, 1 = on the first full one)");
        table(r.drops().stream().filter(d -> !d.aligned()).toList(), out);
        if (!r.switches().isEmpty()) {
            out.println();
            out.println("Real level changes, replayed from the run's own seconds before and after the change");
            table(r.switches(), out);
        }

        out.println();
        out.printf(Locale.ROOT, "Goal: every drop of %.0f%% or more found within %d windows: %s (%s)%n", GOAL_DROP_PCT,
                GOAL_WINDOWS, recallGoalMet(r) ? "met" : "NOT met", recallSummary(r));
        out.printf(Locale.ROOT, "Goal: at most %.0f false alert per 1,000 noise-only windows: %s (%.2f on the noise-only"
                        + " runs, %.2f with the %,d windows before the drops)%n", GOAL_FALSE_PER_THOUSAND,
                falseAlertGoalMet(r) ? "met" : "NOT met", r.noisePerThousand(), r.pooledPerThousand(),
                r.preDropWindows());
    }

    /** Within-2 recall of the goal's drop sizes, and the runs on which every one of them was found. */
    private static String recallSummary(DetectionEvaluation.Result r) {
        StringBuilder text = new StringBuilder();
        for (double pct : r.config().dropPcts()) {
            if (pct < GOAL_DROP_PCT) {
                continue;
            }
            int trials = 0;
            int found = 0;
            for (DetectionEvaluation.DropResult d : r.drops()) {
                if (d.dropPct() == pct) {
                    trials += d.trials();
                    found += d.within(GOAL_WINDOWS);
                }
            }
            text.append(String.format(Locale.ROOT, "%.0f%%: %.1f%%, ", pct, trials == 0 ? 0 : 100.0 * found / trials));
        }
        List<String> met = r.noise().stream().map(DetectionEvaluation.NoiseResult::run)
                .filter(run -> r.perRun().stream().filter(d -> d.run().equals(run) && d.dropPct() >= GOAL_DROP_PCT)
                        .allMatch(d -> d.within(GOAL_WINDOWS) == d.trials()))
                .toList();
        text.append("all found on: ").append(met.isEmpty() ? "none" : String.join(", ", met));
        return text.toString();
    }

    private static void table(List<DetectionEvaluation.DropResult> rows, PrintStream out) {
        out.printf(Locale.ROOT, "  %-22s %7s %7s %9s %9s %8s %9s %9s %14s%n", "drop", "trials", "recall",
                "within 2", "median", "max", "resolved", "false", "(per 1,000)");
        for (DetectionEvaluation.DropResult d : rows) {
            String label = d.label().endsWith("%") ? String.format(Locale.ROOT, "%.0f%%", d.dropPct())
                    : String.format(Locale.ROOT, "%s (%.0f%%)", d.label(), d.dropPct());
            out.printf(Locale.ROOT, "  %-22s %7d %6.1f%% %8.1f%% %9s %8s %8s %9d %14s%n", label, d.trials(),
                    d.recallPct(), d.withinPct(GOAL_WINDOWS), delay(d.medianDelay()), delay(d.maxDelay()),
                    d.detected() == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * d.resolved() / d.detected()),
                    d.falseBefore(), d.judged() == 0 ? "-"
                            : String.format(Locale.ROOT, "(%.2f)", 1000.0 * d.falseBefore() / d.judged()));
        }
    }

    private static String delay(int windows) {
        return windows < 0 ? "-" : Integer.toString(windows);
    }

    private static String gbps(double bps) {
        return String.format(Locale.ROOT, "%.3f Gbit/s", bps / 1e9);
    }

    private static List<DetectionEvaluation.DropResult> concat(List<DetectionEvaluation.DropResult> a,
                                                               List<DetectionEvaluation.DropResult> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
