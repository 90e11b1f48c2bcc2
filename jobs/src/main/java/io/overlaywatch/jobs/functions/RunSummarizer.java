package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.RunStep;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects a run's step summaries (the relevant side only: TCP sender, UDP receiver; live probing is no sweep)
 * and, when the run is complete, emits one {@link RunSummary} per sweep line (scenario, CNI, protocol), and a
 * {@link Alert.Type#DEGRADATION} alert on {@link #ALERTS} for a line that lost more than the threshold from its
 * reference to its highest count. Keyed by run.
 *
 * <p>A run is complete when event time passes its newest step's end by the longest step seen in the run plus the
 * run gap: a step summary only arrives when its step ends, so a gap shorter than a step would close the run
 * while its next step is still running.
 */
public class RunSummarizer extends KeyedProcessFunction<String, StepSummary, RunSummary> {

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("degradation-alerts") { };

    /** How many run gaps a completed run is remembered, so that a late step is dropped instead of starting it again. */
    static final int CLOSED_RETENTION_GAPS = 10;

    private final long gapMillis;
    private final double degradationPct;
    private final PolicyCostModel costModel;

    private transient ListState<RunStep> steps;
    private transient ValueState<Long> newestTime;
    private transient ValueState<Long> longestStep;
    private transient ValueState<Long> completeTimer;
    private transient ValueState<Long> closedUntil;
    private transient Counter lateSteps;

    /**
     * @param runGap         quiet event time, beyond the longest step, after which a run is complete
     * @param degradationPct loss in % of the reference, at the highest count, above which a degradation alert fires
     * @param costEffectPct  fall in % of the fitted cost line across the range needed to call a datapath linear-cost
     */
    public RunSummarizer(Duration runGap, double degradationPct, double costEffectPct) {
        this.gapMillis = runGap.toMillis();
        this.degradationPct = degradationPct;
        this.costModel = new PolicyCostModel(costEffectPct);
    }

    @Override
    public void open(OpenContext openContext) {
        steps = getRuntimeContext().getListState(new ListStateDescriptor<>("run-steps", RunStep.class));
        newestTime = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-time", Types.LONG));
        longestStep = getRuntimeContext().getState(new ValueStateDescriptor<>("longest-step", Types.LONG));
        completeTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("complete-timer", Types.LONG));
        closedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("closed-until", Types.LONG));
        lateSteps = getRuntimeContext().getMetricGroup().counter("lateRunSteps");
    }

    @Override
    public void processElement(StepSummary summary, Context ctx, Collector<RunSummary> out) throws Exception {
        if (!Steps.relevant(summary) || !Steps.swept(summary)) {
            return;
        }
        if (closedUntil.value() != null) {
            // Its run was summarised already: a second, partial summary would overwrite the complete one.
            lateSteps.inc();
            return;
        }
        steps.add(RunStep.of(summary));
        long newest = Math.max(summary.time(), orZero(newestTime.value()));
        long longest = Math.max(summary.time() - summary.firstTime(), orZero(longestStep.value()));
        newestTime.update(newest);
        longestStep.update(longest);
        long due = newest + longest + gapMillis;
        Long armed = completeTimer.value();
        if (armed == null || armed != due) {
            if (armed != null) {
                ctx.timerService().deleteEventTimeTimer(armed);
            }
            // Re-armed by each summary: the run stays open while its steps keep ending within a step and a gap.
            ctx.timerService().registerEventTimeTimer(due);
            completeTimer.update(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RunSummary> out) throws Exception {
        Long closed = closedUntil.value();
        if (closed != null && timestamp == closed) {
            // Forgetting the run bounds state, but a step later than this would start a new, partial summary.
            closedUntil.clear();
            return;
        }
        Long armed = completeTimer.value();
        if (armed == null || timestamp != armed) {
            return;
        }
        String run = ctx.getCurrentKey();
        for (List<RunStep> line : lines(steps.get()).values()) {
            RunSummary summary = summarise(run, line);
            if (summary == null) {
                continue;
            }
            out.collect(summary);
            if (summary.counts().length > 1 && summary.lastChangePct() <= -degradationPct) {
                ctx.output(ALERTS, alert(summary));
            }
        }
        // Clearing the run's steps with the timer that summarised them: no summary is emitted twice.
        steps.clear();
        newestTime.clear();
        longestStep.clear();
        completeTimer.clear();
        long forgetAt = timestamp + CLOSED_RETENTION_GAPS * gapMillis;
        closedUntil.update(forgetAt);
        ctx.timerService().registerEventTimeTimer(forgetAt);
    }

    /** The run's steps per sweep line, in the order the lines first appeared. */
    private static Map<String, List<RunStep>> lines(Iterable<RunStep> all) {
        Map<String, List<RunStep>> lines = new LinkedHashMap<>();
        for (RunStep step : all) {
            lines.computeIfAbsent(Steps.sweepKey(step.scenario(), step.cni(), step.protocol()),
                    k -> new ArrayList<>()).add(step);
        }
        return lines;
    }

    /** The line's summary, or null when none of its steps has a throughput to compare. */
    RunSummary summarise(String run, List<RunStep> arrived) {
        // In step order, not arrival order: the sums and the fit then come out the same to the last bit after a
        // restart, which may interleave the steps' summaries differently.
        List<RunStep> line = arrived.stream().sorted(Comparator.comparingInt(RunStep::index)
                .thenComparing(RunStep::side)).toList();
        RunStep first = line.get(0);
        boolean pods = first.scenario() == Scenario.POD;
        // count -> {throughput sum, repetitions, fairness sum, repetitions with a fairness}
        TreeMap<Integer, double[]> byCount = new TreeMap<>();
        List<double[]> observations = new ArrayList<>();
        long firstTime = Long.MAX_VALUE;
        long time = Long.MIN_VALUE;
        int used = 0;
        for (RunStep step : line) {
            // A pod sweep compares throughput summed over its pairs; a step without a complete interval has none.
            double bps = pods ? (step.intervals() > 0 ? step.cumulativeMeanBps() : Double.NaN) : step.meanBps();
            if (!(bps > 0)) {
                continue;
            }
            int count = pods ? step.pods() : step.policies();
            double[] acc = byCount.computeIfAbsent(count, c -> new double[4]);
            acc[0] += bps;
            acc[1]++;
            if (Double.isFinite(step.pairFairness())) {
                acc[2] += step.pairFairness();
                acc[3]++;
            }
            observations.add(new double[] {count, bps});
            firstTime = Math.min(firstTime, step.firstTime());
            time = Math.max(time, step.time());
            used++;
        }
        if (byCount.isEmpty()) {
            return null;
        }
        int n = byCount.size();
        int[] counts = new int[n];
        double[] throughput = new double[n];
        int[] repetitions = new int[n];
        double[] fairness = new double[n];
        int i = 0;
        for (Map.Entry<Integer, double[]> e : byCount.entrySet()) {
            counts[i] = e.getKey();
            throughput[i] = e.getValue()[0] / e.getValue()[1];
            repetitions[i] = (int) e.getValue()[1];
            fairness[i] = e.getValue()[3] > 0 ? e.getValue()[2] / e.getValue()[3] : Double.NaN;
            i++;
        }
        // The paper's references: the lowest policy count; the expected throughput of one pod pair.
        int reference = 0;
        double referenceBps = throughput[reference];
        double[] changeBps = new double[n];
        double[] changePct = new double[n];
        for (int k = 0; k < n; k++) {
            changeBps[k] = throughput[k] - referenceBps;
            changePct[k] = 100 * changeBps[k] / referenceBps;
        }
        CostModel model = null;
        if (!pods) {
            double[] x = observations.stream().mapToDouble(o -> o[0]).toArray();
            double[] y = observations.stream().mapToDouble(o -> o[1]).toArray();
            model = costModel.fit(x, y);
        }
        int last = n - 1;
        boolean onePair = pods && counts[reference] == 1;
        String sentence = sentence(first, pods, onePair, counts, throughput, changeBps, changePct, fairness, model);
        return new RunSummary(run, first.scenario(), first.cni(), first.protocol(), first.side(), firstTime, time,
                used, counts, throughput, changeBps, changePct, repetitions, fairness, counts[reference], referenceBps,
                onePair, counts[last], throughput[last], changeBps[last], changePct[last], model, sentence);
    }

    /**
     * "linear tcp: 1.90 Gbit/s at 10,000 policies against 27.0 Gbit/s at 1 policy (-93.0%, -25.1 Gbit/s);
     * linear-cost: -2.31 Gbit/s per 1,000 policies (95% CI -2.9 to -1.7), R² 0.62".
     */
    private static String sentence(RunStep line, boolean pods, boolean onePair, int[] counts, double[] bps,
                                   double[] changeBps, double[] changePct, double[] fairness, CostModel model) {
        String unit = pods ? "pod" : "policy";
        String units = pods ? "pods" : "policies";
        int last = counts.length - 1;
        StringBuilder s = new StringBuilder(line.cni()).append(' ').append(line.protocol().wireName()).append(": ");
        if (last == 0) {
            s.append(pods ? "cumulative " : "").append(Prose.gbps(bps[0])).append(" Gbit/s at ")
                    .append(Prose.counted(counts[0], unit, units)).append(" only");
        } else {
            s.append(pods ? "cumulative " : "").append(Prose.gbps(bps[last])).append(" Gbit/s at ")
                    .append(Prose.counted(counts[last], unit, units)).append(" against ");
            if (pods) {
                s.append(onePair ? "the expected " : "").append(Prose.gbps(bps[0])).append(" Gbit/s ")
                        .append(onePair ? "of one pair" : "at " + Prose.counted(counts[0], unit, units)
                                + " (no single-pair step)");
            } else {
                s.append(Prose.gbps(bps[0])).append(" Gbit/s at ").append(Prose.counted(counts[0], unit, units));
            }
            s.append(" (").append(Prose.percent(changePct[last])).append(", ")
                    .append(Prose.signedGbps(changeBps[last])).append(" Gbit/s at ")
                    .append(Prose.counted(counts[last], unit, units)).append(')');
        }
        if (pods && Double.isFinite(fairness[last])) {
            s.append("; Jain's fairness ").append(String.format(Locale.ROOT, "%.2f", fairness[last])).append(" at ")
                    .append(Prose.counted(counts[last], unit, units));
        }
        if (model != null) {
            s.append("; ").append(model.datapath().label());
            if (model.datapath() != CostModel.Datapath.UNDETERMINED) {
                s.append(": ").append(Prose.signedGbps(model.slopeBps())).append(" Gbit/s per 1,000 policies (95% CI ")
                        .append(Prose.gbps(model.slopeLowBps())).append(" to ").append(Prose.gbps(model.slopeHighBps()))
                        .append("), R² ").append(String.format(Locale.ROOT, "%.2f", model.rSquared()));
            }
        }
        return s.toString();
    }

    private static Alert alert(RunSummary s) {
        return new Alert(WireRecord.VERSION, s.time(), Alert.Type.DEGRADATION, Alert.Status.FIRING,
                Steps.sweepKey(s.scenario(), s.cni(), s.protocol()), s.run(), s.lastBps(), s.referenceBps(),
                s.lastChangePct(), 0, s.sentence());
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
