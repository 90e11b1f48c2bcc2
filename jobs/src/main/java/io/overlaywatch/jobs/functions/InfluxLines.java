package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Turns job outputs into InfluxDB line protocol ({@link LineBuilder} escapes names and values). Timestamps are
 * event times in milliseconds and tags are fixed by the input, so a replay writes the same series and timestamps
 * again: it overwrites, it does not duplicate.
 */
public final class InfluxLines {

    public static final String IPERF_INTERVAL = "iperf_interval";
    public static final String THROUGHPUT_INTERVAL = "throughput_interval";
    public static final String STEP_SUMMARY = "step_summary";
    public static final String PROBE_ERROR = "probe_error";
    public static final String COUNTER = "counter";
    public static final String LATE_SAMPLE = "late_sample";

    private InfluxLines() {
    }

    /** One iperf3 interval of one stream, as reported. */
    public static String sample(Sample s) {
        return samplePoint(IPERF_INTERVAL, s, null);
    }

    /**
     * A sample that came after event time had passed it, so that {@code stage} (a step's summary or a live
     * window) could no longer count it: kept under its own name so it is visible, not silently lost.
     */
    public static String late(Sample s, String stage) {
        return samplePoint(LATE_SAMPLE, s, stage);
    }

    private static String samplePoint(String measurement, Sample s, String stage) {
        return stepPoint(measurement, s.step(), s.side())
                .tag("client_pod", s.clientPod())
                .tag("server_pod", s.serverPod())
                .tag("src_node", s.srcNode())
                .tag("dst_node", s.dstNode())
                .tag("stream", s.stream())
                .tag("congestion", s.congestion())
                .tag("affinity", s.affinity())
                .tag("stage", stage)
                .field("bps", s.bitsPerSecond())
                .field("bytes", s.bytes())
                .field("start", s.start())
                .field("end", s.end())
                .field("omitted", s.omitted())
                .field("retransmits", s.retransmits())
                .field("cwnd_bytes", s.cwndBytes())
                .field("rtt_us", s.rttMicros())
                .field("jitter_ms", s.jitterMs())
                .field("lost", s.lost())
                .field("packets", s.packets())
                .time(s.time());
    }

    /** Throughput of one interval summed over a step's streams. */
    public static String interval(ThroughputInterval t) {
        return stepPoint(THROUGHPUT_INTERVAL, t.step(), t.side())
                .tag("interval", Integer.toString(t.index()))
                .field("bps", t.bitsPerSecond())
                .field("streams", (long) t.streams())
                .time(t.time());
    }

    /**
     * The statistics of one step. A figure that does not apply (no retransmits for UDP, no loss for TCP,
     * no quantile of an empty series) is left out rather than written as 0 or NaN, which InfluxDB rejects.
     */
    public static String summary(StepSummary s) {
        LineBuilder p = stepPoint(STEP_SUMMARY, s.step(), s.side())
                .field("streams", (long) s.streams())
                .field("samples", s.samples())
                .field("mean_bps", s.meanBps())
                .field("min_bps", s.minBps())
                .field("max_bps", s.maxBps())
                .field("stddev_bps", s.stddevBps())
                .field("intervals", (long) s.intervals())
                .field("cumulative_mean_bps", s.cumulativeMeanBps())
                .field("first_time", s.firstTime())
                .field("closed_by_marker", s.closedByMarker())
                .field("median_bps", s.medianBps())
                .field("p5_bps", s.p5Bps())
                .field("p95_bps", s.p95Bps())
                .field("ci95_bps", s.ci95Bps())
                .field("cumulative_median_bps", s.cumulativeMedianBps())
                .field("cumulative_p5_bps", s.cumulativeP5Bps())
                .field("cumulative_p95_bps", s.cumulativeP95Bps())
                .field("cumulative_stddev_bps", s.cumulativeStddevBps())
                .field("cumulative_ci95_bps", s.cumulativeCi95Bps())
                .field("loss_pct", s.lossPercent())
                .field("jitter_ms", s.jitterMs())
                .field("pair_fairness", s.pairFairness())
                .field("retransmits", s.retransmits());
        if (Double.isFinite(s.medianBps())) {
            p.field("quantiles_exact", s.exactQuantiles());
        }
        return p.time(s.time());
    }

    /**
     * A failed probe. Client and server of one test can fail in the same millisecond (a killed server, a reset
     * client): the {@code error} tag, a hash of the reason, keeps them two points instead of one overwriting the
     * other, and a replay still overwrites each with itself.
     */
    public static String probeError(ProbeError e) {
        return stepPoint(PROBE_ERROR, e.step(), null)
                .tag("client_pod", e.clientPod())
                .tag("server_pod", e.serverPod())
                .tag("error", Integer.toHexString(e.reason().hashCode()))
                .field("reason", e.reason())
                .field("exit_code", e.exitCode())
                .time(e.time());
    }

    /** One counter reading; its labels become tags (they are few and low-cardinality: interfaces, reasons). */
    public static String counter(Counter c) {
        LineBuilder p = LineBuilder.measurement(COUNTER)
                .tag("run", c.run())
                .tag("node", c.node())
                .tag("source", c.source())
                .tag("counter", c.name()); // "name" is an InfluxQL keyword
        c.labels().forEach(p::tag);
        return p.field("value", c.value()).time(c.time());
    }

    /** A point tagged with its step (and side, when given), ready for more tags and the fields. */
    static LineBuilder stepPoint(String measurement, StepKey step, Side side) {
        return LineBuilder.measurement(measurement)
                .tag("run", step.run())
                .tag("scenario", step.scenario().wireName())
                .tag("cni", step.cni())
                .tag("protocol", step.protocol().wireName())
                .tag("step", Integer.toString(step.index()))
                .tag("policies", Integer.toString(step.policies()))
                .tag("pods", Integer.toString(step.pods()))
                .tag("repetition", Integer.toString(step.repetition()))
                .tag("side", side == null ? null : side.wireName());
    }
}
