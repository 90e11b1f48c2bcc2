package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.RunMoments;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.WireRecord;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compares a step with the same step (scenario, CNI, protocol, policies, pods) in the last good runs, keyed by
 * {@link Steps#stepKey}. Per run it keeps the per-stream samples' count, mean and standard deviation, merged over
 * the run's repetitions of the step, and judges the run once its repetitions are in: when event time passes its
 * newest repetition by the longest repetition plus the run gap (repetitions of a step run back to back).
 * Judging each repetition as it came would let one noisy repetition fire an alert that the next one resolves.
 *
 * <p>The unit of comparison is the run, not the one-second sample: a run's samples share its conditions (CPU
 * placement, background load), so a Welch's t-test over samples takes run-to-run noise for signal. In a simulation
 * with 4% sample noise and 1.5% run-to-run noise, judged at each repetition, it fired on 10 of 600 runs of a step
 * that differed by 2% at most.
 * Here the run's mean is compared, as one new observation, with the means of up to K earlier good runs: Welch's
 * statistic with the new run's variance taken to be the baseline runs' (a new run varies as runs do),
 * {@code t = (mean - baselineMean) / (s * sqrt(1 + 1/K))} with K - 1 degrees of freedom, one-sided for a drop.
 * A regression needs both {@code p < maxPValue} and a drop of at least {@code minChangePct}: when runs agree
 * closely a negligible difference is significant, so the effect-size gate is what keeps noise from alerting.
 * A few runs estimate their spread poorly (five runs give a third of the true spread now and then, which makes a
 * 5% dip look significant), so the spread used is at least {@code minSpreadPct} of the baseline mean. In the same
 * simulation (20 seeds, K = 5) this gave 1 alert in 8,000 runs of a step shifted by -2% to +2%, and found 1,998 of
 * 2,000 drops of 20%. From 3 baseline runs (2 degrees of freedom) a 20% drop is found only while runs agree within
 * about 2.5%.
 *
 * <p>Emits a firing {@link Alert.Type#REGRESSION} alert once per regressed run and step, naming the observed and
 * baseline means, the change, the p-value, the runs compared and the counters that moved most in the run's worst
 * repetition. It is a finding about a run, like a failed check, so it is never resolved. A run that did not regress
 * joins the baseline; a regressed run never does, so a lasting regression alerts run after run until its baseline
 * runs age out.
 *
 * <p>State: per step, at most K good runs, K regressed runs and the runs not judged yet, a few numbers each, under
 * a TTL: runs older than the TTL (event time) leave the baseline, and a step not run again for the TTL is forgotten
 * (processing time). The judging timer is paired with the timer state it clears.
 */
public class RegressionDetector extends KeyedProcessFunction<String, StepCounters, Alert> {

    /**
     * How the detector judges.
     *
     * @param baselineRuns    good runs kept as the baseline (K)
     * @param minBaselineRuns runs the baseline needs before a step is judged (at least 2: their spread is the noise)
     * @param maxPValue       one-sided p-value below which a drop is significant
     * @param minChangePct    drop in % of the baseline mean a regression must reach (effect size)
     * @param minSpreadPct    least run-to-run standard deviation assumed, in % of the baseline mean
     * @param ttl             how long a run stays in a baseline
     * @param runGap          quiet event time, beyond the longest repetition, after which a run's step is judged
     */
    public record Settings(int baselineRuns, int minBaselineRuns, double maxPValue, double minChangePct,
                           double minSpreadPct, Duration ttl, Duration runGap) implements Serializable {

        public Settings {
            if (minBaselineRuns < 2 || minBaselineRuns > baselineRuns) {
                throw new IllegalArgumentException("need 2 <= minimum baseline runs (" + minBaselineRuns
                        + ") <= baseline runs (" + baselineRuns + ")");
            }
        }

        /** K = 5 runs, judged from 3, p < 0.01, a drop of at least 5%, spread at least 2%, 30 days, 60 s gap. */
        public static Settings defaults() {
            return new Settings(5, 3, 0.01, 5, 2, Duration.ofDays(30), Duration.ofSeconds(60));
        }
    }

    private final int baselineRuns;
    private final int minBaselineRuns;
    private final double maxPValue;
    private final double minChangePct;
    private final double minSpreadPct;
    private final Duration ttl;
    private final long gapMillis;

    private transient ListState<RunMoments> history;
    private transient ValueState<Long> judgeTimer;
    private transient Counter lateRepetitions;

    public RegressionDetector(Settings settings) {
        this.baselineRuns = settings.baselineRuns();
        this.minBaselineRuns = settings.minBaselineRuns();
        this.maxPValue = settings.maxPValue();
        this.minChangePct = settings.minChangePct();
        this.minSpreadPct = settings.minSpreadPct();
        this.ttl = settings.ttl();
        this.gapMillis = settings.runGap().toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        ListStateDescriptor<RunMoments> descriptor = new ListStateDescriptor<>("baseline-runs", RunMoments.class);
        // Rewritten whenever the step runs, so the TTL only forgets steps that stopped being run.
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        history = getRuntimeContext().getListState(descriptor);
        judgeTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("judge-timer", Types.LONG));
        lateRepetitions = getRuntimeContext().getMetricGroup().counter("lateRepetitions");
    }

    @Override
    public void processElement(StepCounters in, Context ctx, Collector<Alert> out) throws Exception {
        StepSummary s = in.summary();
        if (!Steps.relevant(s) || !Steps.swept(s) || s.samples() < 1) {
            return;
        }
        List<RunMoments> runs = new ArrayList<>();
        history.get().forEach(runs::add);
        RunMoments current = runs.stream().filter(m -> m.run.equals(s.step().run())).findFirst().orElse(null);
        if (current == null) {
            current = new RunMoments(s.step().run());
            runs.add(current);
        }
        current.add(s.samples(), s.meanBps(), s.stddevBps(), s.firstTime(), s.time());
        if (s.meanBps() < current.lowestRepetitionBps) {
            current.lowestRepetitionBps = s.meanBps();
            current.counters = in.top().stream().map(CounterDelta::describe).collect(Collectors.joining(", "));
        }
        history.update(runs);
        if (current.judged) {
            // Merged for the record, but a verdict once given stays: no second alert for the run.
            lateRepetitions.inc();
            return;
        }
        long due = current.time + current.longest + gapMillis;
        Long armed = judgeTimer.value();
        if (armed == null || armed < due) {
            if (armed != null) {
                ctx.timerService().deleteEventTimeTimer(armed);
            }
            // Re-armed by each repetition: the run's step is judged once its repetitions stop coming.
            ctx.timerService().registerEventTimeTimer(due);
            judgeTimer.update(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long armed = judgeTimer.value();
        if (armed == null || timestamp != armed) {
            return;
        }
        // Clearing the timer's state with its firing: the next repetition arms a new one.
        judgeTimer.clear();
        List<RunMoments> runs = new ArrayList<>();
        history.get().forEach(runs::add);
        runs.sort(Comparator.comparingLong(m -> m.time));
        for (RunMoments run : runs) {
            if (!run.judged) {
                judge(run, runs, ctx.getCurrentKey(), out);
            }
        }
        history.update(kept(runs));
    }

    private void judge(RunMoments run, List<RunMoments> runs, String key, Collector<Alert> out) {
        run.judged = true;
        long oldest = run.time - ttl.toMillis();
        List<RunMoments> baseline = runs.stream()
                .filter(m -> m.judged && !m.regressed && m != run && m.time < run.time && m.time >= oldest)
                .sorted(Comparator.comparingLong((RunMoments m) -> m.time).reversed())
                .limit(baselineRuns)
                .sorted(Comparator.comparingLong(m -> m.time))
                .toList();
        if (baseline.size() < minBaselineRuns) {
            return;
        }
        double[] runMeans = baseline.stream().mapToDouble(m -> m.mean).toArray();
        double baselineMean = Arrays.stream(runMeans).average().orElseThrow();
        double changePct = 100 * (run.mean - baselineMean) / baselineMean;
        double p = dropPValue(run.mean, runMeans, minSpreadPct);
        run.regressed = p < maxPValue && changePct <= -minChangePct;
        if (run.regressed) {
            out.collect(alert(key, run, baselineMean, baseline, changePct, p));
        }
    }

    /** The runs not judged yet, the newest K good runs and the newest K regressed ones (so late repetitions find them). */
    private List<RunMoments> kept(List<RunMoments> byTime) {
        List<RunMoments> kept = new ArrayList<>();
        int good = 0;
        int regressed = 0;
        for (int i = byTime.size() - 1; i >= 0; i--) {
            RunMoments m = byTime.get(i);
            if (!m.judged || (m.regressed ? regressed++ < baselineRuns : good++ < baselineRuns)) {
                kept.add(m);
            }
        }
        return kept;
    }

    /**
     * One-sided p-value that a new run's mean {@code observed} is below the baseline runs' means: Welch's t with
     * the new run's variance taken to be the baseline runs', {@code t = d / (s * sqrt(1 + 1/K))}, K - 1 degrees
     * of freedom, s at least {@code minSpreadPct} of the baseline mean.
     */
    static double dropPValue(double observed, double[] runMeans, double minSpreadPct) {
        int k = runMeans.length;
        double mean = Arrays.stream(runMeans).average().orElseThrow();
        double ss = 0;
        for (double m : runMeans) {
            ss += (m - mean) * (m - mean);
        }
        double sd = Math.max(Math.sqrt(ss / (k - 1)), Math.abs(mean) * minSpreadPct / 100);
        if (!(sd > 0)) {
            return observed < mean ? 0 : 1;
        }
        double t = (observed - mean) / (sd * Math.sqrt(1 + 1.0 / k));
        return new TDistribution(null, k - 1, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).cumulativeProbability(t);
    }

    private static Alert alert(String key, RunMoments run, double baselineMean, List<RunMoments> baseline,
                               double changePct, double p) {
        String runs = baseline.stream().map(m -> m.run).collect(Collectors.joining(", "));
        long baselineSamples = baseline.stream().mapToLong(m -> m.n).sum();
        StringBuilder reason = new StringBuilder(key).append(" in run ").append(run.run).append(" regressed: ")
                .append(Prose.gbps(run.mean)).append(" Gbit/s per stream against ")
                .append(Prose.gbps(baselineMean)).append(" Gbit/s in runs ").append(runs)
                .append(" (").append(Prose.percent(changePct)).append(", p=").append(Prose.pValue(p))
                .append(" against the runs' spread; ").append(Prose.counted(run.repetitions, "repetition",
                        "repetitions")).append(", ").append(run.n).append(" samples vs ").append(baselineSamples)
                .append(')');
        if (!run.counters.isEmpty()) {
            reason.append("; counters that moved most in the step: ").append(run.counters);
        }
        return new Alert(WireRecord.VERSION, run.time, Alert.Type.REGRESSION, Alert.Status.FIRING, key, run.run,
                run.mean, baselineMean, changePct, p, reason.toString());
    }
}
