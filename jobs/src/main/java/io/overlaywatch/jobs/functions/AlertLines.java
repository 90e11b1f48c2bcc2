package io.overlaywatch.jobs.functions;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;

import java.util.ArrayList;
import java.util.List;

/**
 * Line protocol for the analysis outputs, built with the client library's {@link Point} as {@link InfluxLines}
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
        return Point.measurement(ALERT)
                .addTag("type", a.type().wireName())
                .addTag("status", a.status().wireName())
                .addTag("run", a.run())
                .addTag("key", a.key())
                .addField("observed", a.observed())
                .addField("baseline", a.baseline())
                .addField("change_pct", a.changePct())
                .addField("score", a.score())
                .addField("reason", a.reason())
                .time(a.time(), WritePrecision.MS)
                .toLineProtocol();
    }

    /** A run summary as one {@code run_summary} point, then one {@code run_point} per swept count. */
    public static List<String> runSummary(RunSummary s) {
        List<String> lines = new ArrayList<>();
        Point p = runPoint(RUN_SUMMARY, s)
                .addField("steps", (long) s.steps())
                .addField("counts", (long) s.counts().length)
                .addField("reference_count", (long) s.referenceCount())
                .addField("last_count", (long) s.lastCount())
                .addField("first_time", s.firstTime())
                .addField("sentence", s.sentence())
                .time(s.time(), WritePrecision.MS);
        finite(p, "reference_bps", s.referenceBps());
        finite(p, "last_bps", s.lastBps());
        finite(p, "change_bps", s.lastChangeBps());
        finite(p, "change_pct", s.lastChangePct());
        if (s.podSweep()) {
            p.addField("expected_from_one_pair", s.expectedFromOnePair());
            finite(p, "last_fairness", s.fairness()[s.fairness().length - 1]);
        }
        CostModel m = s.costModel();
        if (m != null) {
            p.addField("datapath", m.datapath().label());
            p.addField("observations", (long) m.observations());
            finite(p, "slope_bps_per_1000", m.slopeBps());
            finite(p, "slope_low_bps_per_1000", m.slopeLowBps());
            finite(p, "slope_high_bps_per_1000", m.slopeHighBps());
            finite(p, "r_squared", m.rSquared());
            finite(p, "intercept_bps", m.interceptBps());
            finite(p, "fitted_drop_pct", m.fittedDropPct());
            finite(p, "least_drop_pct", m.leastDropPct());
        }
        lines.add(p.toLineProtocol());
        for (int i = 0; i < s.counts().length; i++) {
            Point point = runPoint(RUN_POINT, s)
                    .addTag("count", Integer.toString(s.counts()[i]))
                    .addField("repetitions", (long) s.repetitions()[i])
                    .time(s.time(), WritePrecision.MS);
            finite(point, "throughput_bps", s.throughputBps()[i]);
            finite(point, "change_bps", s.changeBps()[i]);
            finite(point, "change_pct", s.changePct()[i]);
            finite(point, "fairness", s.fairness()[i]);
            lines.add(point.toLineProtocol());
        }
        return lines;
    }

    /** One {@code step_counter} point per counter attached to the step, at the step's timestamp. */
    public static List<String> stepCounters(StepCounters c) {
        StepSummary s = c.summary();
        List<String> lines = new ArrayList<>();
        for (CounterDelta d : c.top()) {
            Point p = Point.measurement(STEP_COUNTER)
                    .addTag("run", s.step().run())
                    .addTag("scenario", s.step().scenario().wireName())
                    .addTag("cni", s.step().cni())
                    .addTag("protocol", s.step().protocol().wireName())
                    .addTag("step", Integer.toString(s.step().index()))
                    .addTag("policies", Integer.toString(s.step().policies()))
                    .addTag("pods", Integer.toString(s.step().pods()))
                    .addTag("repetition", Integer.toString(s.step().repetition()))
                    .addTag("side", s.side().wireName())
                    .addTag("node", d.node())
                    .addTag("source", d.source())
                    .addTag("counter", d.name())
                    .addField("before", d.before())
                    .addField("after", d.after())
                    .addField("delta", d.delta())
                    .addField("relative_change", d.relativeChange())
                    .time(s.time(), WritePrecision.MS);
            if (!d.labels().isEmpty()) {
                p.addTag("labels", d.labels());
            }
            lines.add(p.toLineProtocol());
        }
        return lines;
    }

    private static Point runPoint(String measurement, RunSummary s) {
        return Point.measurement(measurement)
                .addTag("run", s.run())
                .addTag("scenario", s.scenario().wireName())
                .addTag("cni", s.cni())
                .addTag("protocol", s.protocol().wireName())
                .addTag("side", s.side().wireName());
    }

    private static void finite(Point p, String field, double value) {
        if (Double.isFinite(value)) {
            p.addField(field, value);
        }
    }
}
