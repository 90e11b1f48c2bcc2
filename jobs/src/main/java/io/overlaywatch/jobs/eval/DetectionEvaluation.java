package io.overlaywatch.jobs.eval;

import io.overlaywatch.jobs.functions.CusumDetector;
import io.overlaywatch.jobs.functions.LinkThroughputAggregator;
import io.overlaywatch.jobs.records.LinkAccumulator;
import io.overlaywatch.jobs.records.LinkChangeState;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Replays labelled scenarios built from real iperf3 runs through the job's own window aggregation
 * ({@link LinkThroughputAggregator}) and change detector ({@link CusumDetector}), and counts what they find.
 *
 * <p>Windows are filled by a block bootstrap: consecutive seconds (all of a second's streams together)
 * copied in blocks from random places of one run, so each window carries the run's real second-to-second
 * noise and short-range correlation. Noise-only runs resample a run that held one level; drops multiply
 * every stream's throughput by (1 - drop) from a known second on, then recover; level changes that really
 * happened in a run (its "switch" segments) are replayed as drops of their own.
 */
public final class DetectionEvaluation {

    /**
     * What to replay.
     *
     * @param settings        the detector under test
     * @param windowSeconds   window length
     * @param blockSeconds    bootstrap block length (longer keeps more of the run's correlation)
     * @param noiseWindows    windows per noise-only run
     * @param noiseRepeats    noise-only runs per recorded run, each with a fresh detector
     * @param dropsPerSize    drop trials per drop size and recorded run
     * @param dropPcts        drop sizes, %
     * @param dropWindows     how long an injected drop lasts, windows
     * @param recoveryWindows windows after the drop, to see the RESOLVED
     * @param seed            random seed: the same seed prints the same table
     */
    public record Config(CusumDetector.Settings settings, int windowSeconds, int blockSeconds, int noiseWindows,
                         int noiseRepeats, int dropsPerSize, double[] dropPcts, int dropWindows, int recoveryWindows,
                         long seed) {
        public Config {
            if (windowSeconds < 1 || blockSeconds < 1 || noiseWindows < 1 || noiseRepeats < 0 || dropsPerSize < 0
                    || dropWindows < 1 || recoveryWindows < 0) {
                throw new IllegalArgumentException("window, block, noise windows and drop windows must be positive");
            }
        }
    }

    /**
     * False alerts on the noise-only runs built from one recorded run, and the best any detector could do on
     * that noise: the share of 10% drops whose two-window mean falls below the 99.9th percentile of the
     * noise's own two-window means, the median known exactly (an oracle: a bound, not a detector).
     */
    public record NoiseResult(String run, String protocol, double meanBps, double windowCvPct, long windows,
                              int falseAlerts, double oracleRecallPct) {
        public double perThousand() {
            return windows == 0 ? 0 : 1000.0 * falseAlerts / windows;
        }
    }

    /**
     * What one kind of drop gave.
     *
     * @param label       "10%" or the switch run's name
     * @param run         the recorded run the drops were built from, or {@code all}
     * @param aligned     whether the drop started with a window (else at a random second inside one)
     * @param trials      drops replayed
     * @param delays      detection delays of the drops found, windows, sorted (see the report for the definition)
     * @param resolved    drops found whose episode was RESOLVED during the recovery windows
     * @param falseBefore FIRING alerts before the drop started (false alerts)
     * @param judged      windows judged before the drops started
     */
    public record DropResult(String label, String run, double dropPct, boolean aligned, int trials, int[] delays,
                             int resolved, int falseBefore, long judged) {
        public int detected() {
            return delays.length;
        }

        public int within(int windows) {
            int n = 0;
            for (int d : delays) {
                if (d <= windows) {
                    n++;
                }
            }
            return n;
        }

        public double recallPct() {
            return trials == 0 ? 0 : 100.0 * detected() / trials;
        }

        public double withinPct(int windows) {
            return trials == 0 ? 0 : 100.0 * within(windows) / trials;
        }

        public int medianDelay() {
            return delays.length == 0 ? -1 : delays[(delays.length - 1) / 2];
        }

        public int maxDelay() {
            return delays.length == 0 ? -1 : delays[delays.length - 1];
        }
    }

    /** Everything the evaluation measured. */
    public record Result(Config config, List<RecordedRun> runs, List<NoiseResult> noise, List<DropResult> drops,
                         List<DropResult> perRun, List<DropResult> switches) {
        public long noiseWindows() {
            return noise.stream().mapToLong(NoiseResult::windows).sum();
        }

        public int noiseFalseAlerts() {
            return noise.stream().mapToInt(NoiseResult::falseAlerts).sum();
        }

        public double noisePerThousand() {
            long windows = noiseWindows();
            return windows == 0 ? 0 : 1000.0 * noiseFalseAlerts() / windows;
        }

        /** Windows judged before the injected drops started: noise-only too, early in each detector's life. */
        public long preDropWindows() {
            return drops.stream().mapToLong(DropResult::judged).sum();
        }

        public int preDropFalseAlerts() {
            return drops.stream().mapToInt(DropResult::falseBefore).sum();
        }

        /** False alerts per 1,000 of all noise-only windows: the noise-only runs and the windows before every drop. */
        public double pooledPerThousand() {
            long windows = noiseWindows() + preDropWindows();
            return windows == 0 ? 0 : 1000.0 * (noiseFalseAlerts() + preDropFalseAlerts()) / windows;
        }
    }

    private static final StepKey STEP = new StepKey("eval", Scenario.LIVE, "eval", Protocol.TCP, 0, 0, 1, 1);

    private final Config config;
    private final CusumDetector detector;
    private final LinkThroughputAggregator aggregator = new LinkThroughputAggregator();

    public DetectionEvaluation(Config config) {
        this.config = config;
        this.detector = new CusumDetector(config.settings());
    }

    public Result run(List<RecordedRun> runs) {
        SplittableRandom random = new SplittableRandom(config.seed());
        List<NoiseResult> noise = new ArrayList<>();
        List<RecordedRun> steady = runs.stream().filter(RecordedRun::isNoise).toList();
        for (RecordedRun run : steady) {
            noise.add(noise(run, random.split()));
        }
        List<DropResult> drops = new ArrayList<>();
        List<DropResult> perRun = new ArrayList<>();
        for (boolean aligned : new boolean[] {true, false}) {
            for (double pct : config.dropPcts()) {
                List<Integer> delays = new ArrayList<>();
                int[] counts = new int[4];
                for (RecordedRun run : steady) {
                    Level before = new Level(run, run.segments()[0], 1.0);
                    Level after = new Level(run, run.segments()[0], 1 - pct / 100);
                    List<Integer> runDelays = new ArrayList<>();
                    int[] runCounts = new int[4];
                    for (int t = 0; t < config.dropsPerSize(); t++) {
                        trial(before, after, aligned, random.split(), runDelays, runCounts);
                    }
                    perRun.add(result(pct + "%", run.name(), pct, aligned, runDelays, runCounts));
                    delays.addAll(runDelays);
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] += runCounts[i];
                    }
                }
                drops.add(result(pct + "%", "all", pct, aligned, delays, counts));
            }
        }
        List<DropResult> switches = new ArrayList<>();
        for (RecordedRun run : runs) {
            if (run.isNoise() || run.segments().length < 2) {
                continue;
            }
            Level before = new Level(run, run.segments()[0], 1.0);
            Level after = new Level(run, run.segments()[1], 1.0);
            double pct = 100 * (1 - after.mean() / before.mean());
            for (boolean aligned : new boolean[] {true, false}) {
                List<Integer> delays = new ArrayList<>();
                int[] counts = new int[4];
                for (int t = 0; t < Math.max(1, config.dropsPerSize()); t++) {
                    trial(before, after, aligned, random.split(), delays, counts);
                }
                switches.add(result(run.name(), run.name(), pct, aligned, delays, counts));
            }
        }
        return new Result(config, runs, noise, drops, perRun, switches);
    }

    private static DropResult result(String label, String run, double pct, boolean aligned, List<Integer> delays,
                                     int[] counts) {
        int[] sorted = delays.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new DropResult(label, run, pct, aligned, counts[0], sorted, counts[1], counts[2], counts[3]);
    }

    /** Noise-only runs resampled from one run; every FIRING is a false alert. */
    private NoiseResult noise(RecordedRun run, SplittableRandom random) {
        Level level = new Level(run, run.segments()[0], 1.0);
        long judged = 0;
        int falseAlerts = 0;
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (int r = 0; r < config.noiseRepeats(); r++) {
            LinkChangeState state = new LinkChangeState();
            for (int w = 0; w < config.noiseWindows(); w++) {
                double value = window(level, level, config.windowSeconds(), random);
                CusumDetector.Decision d = detector.update(state, value);
                if (d.kind() != CusumDetector.Kind.WARMING_UP) {
                    judged++;
                }
                if (d.kind() == CusumDetector.Kind.FIRING) {
                    falseAlerts++;
                }
                sum += value;
                sumSquares += value * value;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double sd = n < 2 ? 0 : Math.sqrt(Math.max(0, (sumSquares - sum * sum / n) / (n - 1)));
        return new NoiseResult(run.name(), run.protocol().wireName() + " " + run.side().wireName(), mean,
                mean == 0 ? 0 : 100 * sd / mean, judged, falseAlerts, oracle(level, random));
    }

    /** Pairs of windows the oracle bound is computed from. */
    private static final int ORACLE_PAIRS = 5000;

    /** See {@link NoiseResult}: recall within two windows of 10% drops at one false alert per 1,000 windows. */
    private double oracle(Level level, SplittableRandom random) {
        double[] pairs = new double[ORACLE_PAIRS];
        double[] all = new double[2 * ORACLE_PAIRS];
        for (int i = 0; i < ORACLE_PAIRS; i++) {
            all[2 * i] = window(level, level, config.windowSeconds(), random);
            all[2 * i + 1] = window(level, level, config.windowSeconds(), random);
            pairs[i] = (all[2 * i] + all[2 * i + 1]) / 2;
        }
        double median = CusumDetector.median(all, all.length);
        double[] sorted = pairs.clone();
        Arrays.sort(sorted);
        double threshold = sorted[(int) Math.floor(0.001 * ORACLE_PAIRS)];
        int found = 0;
        for (double pair : pairs) {
            if (pair * 0.9 < threshold) {
                found++;
            }
        }
        return median == 0 ? 0 : 100.0 * found / ORACLE_PAIRS;
    }

    /**
     * One drop: the baseline fills, a random stretch of normal windows, the drop for {@code dropWindows},
     * then the normal level again for {@code recoveryWindows}.
     * counts: [trials, resolved, false alerts before the drop, windows judged before the drop].
     */
    private void trial(Level before, Level after, boolean aligned, SplittableRandom random, List<Integer> delays,
                       int[] counts) {
        CusumDetector.Settings s = config.settings();
        int start = s.baselineWindows() + random.nextInt(5, 26);
        int offset = aligned ? 0 : random.nextInt(1, config.windowSeconds());
        int recoveryStart = start + config.dropWindows() + (aligned ? 0 : 1);
        int total = recoveryStart + config.recoveryWindows();
        LinkChangeState state = new LinkChangeState();
        int found = -1;
        boolean resolved = false;
        counts[0]++;
        for (int w = 0; w < total; w++) {
            double value;
            if (w < start || w >= recoveryStart) {
                value = window(before, before, config.windowSeconds(), random);
            } else if (w == start && offset > 0) {
                value = window(before, after, offset, random);
            } else {
                value = window(after, after, config.windowSeconds(), random);
            }
            CusumDetector.Decision d = detector.update(state, value);
            if (w < start && d.kind() != CusumDetector.Kind.WARMING_UP) {
                counts[3]++;
            }
            if (d.kind() == CusumDetector.Kind.FIRING) {
                if (w < start) {
                    counts[2]++;
                } else if (w < recoveryStart && found < 0) {
                    found = w;
                }
            } else if (d.kind() == CusumDetector.Kind.RESOLVED && found >= 0 && w >= recoveryStart) {
                resolved = true;
            }
        }
        if (found >= 0) {
            // Aligned: the first dropped window is 1. Unaligned: the partly dropped window is 0, the first full one 1.
            delays.add(aligned ? found - start + 1 : found - start);
            if (resolved) {
                counts[1]++;
            }
        }
    }

    /**
     * One window's value as the job computes it: {@code split} seconds from {@code first}, the rest from
     * {@code second}, each second's streams as samples through the job's aggregator.
     */
    double window(Level first, Level second, int split, SplittableRandom random) {
        LinkAccumulator acc = aggregator.createAccumulator();
        int filled = 0;
        long base = 1_000_000_000_000L;
        while (filled < config.windowSeconds()) {
            Level level = filled < split ? first : second;
            int limit = filled < split ? split : config.windowSeconds();
            int block = Math.min(config.blockSeconds(), level.length());
            int from = level.from() + random.nextInt(level.length() - block + 1);
            for (int i = 0; i < block && filled < limit; i++, filled++) {
                long time = base + (filled + 1) * 1000L;
                for (RecordedRun.Interval in : level.run().seconds().get(from + i)) {
                    double bps = in.bps() * level.factor();
                    aggregator.add(new Sample(WireRecord.VERSION, time, STEP, level.run().side(), "client", "server",
                            "node-a", "node-b", in.stream(), false, filled, filled + in.seconds(), false,
                            (long) (bps * in.seconds() / 8), bps, null, null, null, null, in.lost(), in.packets(),
                            null, null), acc);
                }
            }
        }
        return aggregator.getResult(acc).meanBps();
    }

    /** A stretch of seconds of one run, scaled by a factor (1 - drop). */
    record Level(RecordedRun run, int[] range, double factor) {
        int from() {
            return range[0];
        }

        int length() {
            return range[1] - range[0];
        }

        double mean() {
            double sum = 0;
            for (int s = range[0]; s < range[1]; s++) {
                sum += run.cumulative(s);
            }
            return factor * sum / length();
        }

        @Override
        public String toString() {
            return run.name() + Arrays.toString(range) + "x" + factor;
        }
    }
}
