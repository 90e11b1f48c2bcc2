package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Line protocol for the analysis outputs, built with {@link LineBuilder} as {@link InfluxLines}
 * does: alerts (for Grafana annotations), run summaries with their per-count points, and the counters that moved
 * most in each step. Tags and timestamps are fixed by the input, so a replay overwrites instead of duplicating.
 * NaN (an undetermined fit) is left out: line protocol has no NaN.
 *
 * <p>In InfluxQL, {@code key} and {@code policies} are keywords and must be double-quoted.
 */
public final class AlertLines {

    public static final String ALERT = "alert";
    public static final String RUN_SUMMARY = "run_summary";
    public static final String RUN_POINT = "run_point";
    public static final String STEP_COUNTER = "step_counter";

    private AlertLines() {
    }

    /** An alert: what, whether firing or resolved, for which run and key, with its numbers and reason. */
    public static String alert(Alert a) {
        return LineBuilder.measurement(ALERT)
                .tag("type", a.type().wireName())
                .tag("status", a.status().wireName())
                .tag("run", a.run())
                .tag("key", a.key())
                .field("observed", a.observed())
                .field("baseline", a.baseline())
                .field("change_pct", a.changePct())
                .field("score", a.score())
                .field("reason", a.reason())
                .time(a.time());
    }

    /** A run summary as one {@code run_summary} point, then one {@code run_point} per swept count. */
    public static List<String> runSummary(RunSummary s) {
        List<String> lines = new ArrayList<>();
        LineBuilder p = runPoint(RUN_SUMMARY, s, null)
                .field("steps", (long) s.steps())
                .field("counts", (long) s.counts().length)
                .field("reference_count", (long) s.referenceCount())
                .field("last_count", (long) s.lastCount())
                .field("first_time", s.firstTime())
                .field("sentence", s.sentence())
                .field("reference_bps", s.referenceBps())
                .field("last_bps", s.lastBps())
                .field("change_bps", s.lastChangeBps())
                .field("change_pct", s.lastChangePct());
        if (s.podSweep()) {
            p.field("expected_from_one_pair", s.expectedFromOnePair())
                    .field("last_fairness", s.fairness()[s.fairness().length - 1]);
        }
        CostModel m = s.costModel();
        if (m != null) {
            p.field("datapath", m.datapath().label())
                    .field("observations", (long) m.observations())
                    .field("slope_bps_per_1000", m.slopeBps())
                    .field("slope_low_bps_per_1000", m.slopeLowBps())
                    .field("slope_high_bps_per_1000", m.slopeHighBps())
                    .field("r_squared", m.rSquared())
                    .field("intercept_bps", m.interceptBps())
                    .field("fitted_drop_pct", m.fittedDropPct())
                    .field("least_drop_pct", m.leastDropPct());
        }
        lines.add(p.time(s.time()));
        for (int i = 0; i < s.counts().length; i++) {
            lines.add(runPoint(RUN_POINT, s, Integer.toString(s.counts()[i]))
                    .field("repetitions", (long) s.repetitions()[i])
                    .field("throughput_bps", s.throughputBps()[i])
                    .field("change_bps", s.changeBps()[i])
                    .field("change_pct", s.changePct()[i])
                    .field("fairness", s.fairness()[i])
                    .time(s.time()));
        }
        return lines;
    }

    /** One {@code step_counter} point per counter attached to the step, at the step's timestamp. */
    public static List<String> stepCounters(StepCounters c) {
        StepSummary s = c.summary();
        List<String> lines = new ArrayList<>();
        for (CounterDelta d : c.top()) {
            lines.add(InfluxLines.stepPoint(STEP_COUNTER, s.step(), s.side())
                    .tag("node", d.node())
                    .tag("source", d.source())
                    .tag("counter", d.name())
                    .tag("labels", d.labels())
                    .field("before", d.before())
                    .field("after", d.after())
                    .field("delta", d.delta())
                    .field("relative_change", d.relativeChange())
                    .time(s.time()));
        }
        return lines;
    }

    private static LineBuilder runPoint(String measurement, RunSummary s, String count) {
        return LineBuilder.measurement(measurement)
                .tag("run", s.run())
                .tag("scenario", s.scenario().wireName())
                .tag("cni", s.cni())
                .tag("protocol", s.protocol().wireName())
                .tag("side", s.side().wireName())
                .tag("count", count);
    }
}
