package io.overlaywatch.jobs.functions;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Turns job outputs into InfluxDB line protocol with the client library's {@link Point}, which escapes
 * names and values. Timestamps are event times in milliseconds and tags are fixed by the input,
 * so a replay writes the same series and timestamps again: it overwrites, it does not duplicate.
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
        return samplePoint(IPERF_INTERVAL, s).toLineProtocol();
    }

    /**
     * A sample that came after event time had passed it, so that {@code stage} (a step's summary or a live
     * window) could no longer count it: kept under its own name so it is visible, not silently lost.
     */
    public static String late(Sample s, String stage) {
        return samplePoint(LATE_SAMPLE, s).addTag("stage", stage).toLineProtocol();
    }

    private static Point samplePoint(String measurement, Sample s) {
        Point p = stepPoint(measurement, s.step(), s.side())
                .addTag("client_pod", s.clientPod())
                .addTag("server_pod", s.serverPod())
                .addTag("src_node", s.srcNode())
                .addTag("dst_node", s.dstNode())
                .addTag("stream", s.stream())
                .addField("bps", s.bitsPerSecond())
                .addField("bytes", s.bytes())
                .addField("start", s.start())
                .addField("end", s.end())
                .addField("omitted", s.omitted())
                .time(s.time(), WritePrecision.MS);
        addIfPresent(p, "retransmits", s.retransmits());
        addIfPresent(p, "cwnd_bytes", s.cwndBytes());
        addIfPresent(p, "rtt_us", s.rttMicros());
        addIfPresent(p, "jitter_ms", s.jitterMs());
        addIfPresent(p, "lost", s.lost());
        addIfPresent(p, "packets", s.packets());
        if (s.congestion() != null) {
            p.addTag("congestion", s.congestion());
        }
        if (s.affinity() != null) {
            p.addTag("affinity", s.affinity());
        }
        return p;
    }

    /** Throughput of one interval summed over a step's streams. */
    public static String interval(ThroughputInterval t) {
        return stepPoint(THROUGHPUT_INTERVAL, t.step(), t.side())
                .addTag("interval", Integer.toString(t.index()))
                .addField("bps", t.bitsPerSecond())
                .addField("streams", (long) t.streams())
                .time(t.time(), WritePrecision.MS)
                .toLineProtocol();
    }

    /**
     * The statistics of one step. A figure that does not apply (no retransmits for UDP, no loss for TCP,
     * no quantile of an empty series) is left out rather than written as 0 or NaN, which InfluxDB rejects.
     */
    public static String summary(StepSummary s) {
        Point p = stepPoint(STEP_SUMMARY, s.step(), s.side())
                .addField("streams", (long) s.streams())
                .addField("samples", s.samples())
                .addField("mean_bps", s.meanBps())
                .addField("min_bps", s.minBps())
                .addField("max_bps", s.maxBps())
                .addField("stddev_bps", s.stddevBps())
                .addField("intervals", (long) s.intervals())
                .addField("cumulative_mean_bps", s.cumulativeMeanBps())
                .addField("first_time", s.firstTime())
                .addField("closed_by_marker", s.closedByMarker())
                .time(s.time(), WritePrecision.MS);
        java.util.function.BiConsumer<String, Double> finite = (field, value) -> {
            if (value != null && Double.isFinite(value)) {
                p.addField(field, value);
            }
        };
        finite.accept("median_bps", s.medianBps());
        finite.accept("p5_bps", s.p5Bps());
        finite.accept("p95_bps", s.p95Bps());
        finite.accept("ci95_bps", s.ci95Bps());
        finite.accept("cumulative_median_bps", s.cumulativeMedianBps());
        finite.accept("cumulative_p5_bps", s.cumulativeP5Bps());
        finite.accept("cumulative_p95_bps", s.cumulativeP95Bps());
        finite.accept("cumulative_stddev_bps", s.cumulativeStddevBps());
        finite.accept("cumulative_ci95_bps", s.cumulativeCi95Bps());
        finite.accept("loss_pct", s.lossPercent());
        finite.accept("jitter_ms", s.jitterMs());
        finite.accept("pair_fairness", s.pairFairness());
        addIfPresent(p, "retransmits", s.retransmits());
        if (Double.isFinite(s.medianBps())) {
            p.addField("quantiles_exact", s.exactQuantiles());
        }
        return p.toLineProtocol();
    }

    /**
     * A failed probe. Client and server of one test can fail in the same millisecond (a killed server, a reset
     * client): the {@code error} tag, a hash of the reason, keeps them two points instead of one overwriting the
     * other, and a replay still overwrites each with itself.
     */
    public static String probeError(ProbeError e) {
        Point p = stepPoint(PROBE_ERROR, e.step(), null)
                .addTag("client_pod", e.clientPod())
                .addTag("server_pod", e.serverPod())
                .addTag("error", Integer.toHexString(e.reason().hashCode()))
                .addField("reason", e.reason())
                .time(e.time(), WritePrecision.MS);
        addIfPresent(p, "exit_code", e.exitCode() == null ? null : e.exitCode().longValue());
        return p.toLineProtocol();
    }

    /** One counter reading; its labels become tags (they are few and low-cardinality: interfaces, reasons). */
    public static String counter(Counter c) {
        Point p = Point.measurement(COUNTER)
                .addTag("run", c.run())
                .addTag("node", c.node())
                .addTag("source", c.source())
                .addTag("counter", c.name()) // "name" is an InfluxQL keyword
                .addField("value", c.value())
                .time(c.time(), WritePrecision.MS);
        c.labels().forEach(p::addTag);
        return p.toLineProtocol();
    }

    private static Point stepPoint(String measurement, StepKey step, Side side) {
        Point p = Point.measurement(measurement)
                .addTag("run", step.run())
                .addTag("scenario", step.scenario().wireName())
                .addTag("cni", step.cni())
                .addTag("protocol", step.protocol().wireName())
                .addTag("step", Integer.toString(step.index()))
                .addTag("policies", Integer.toString(step.policies()))
                .addTag("pods", Integer.toString(step.pods()))
                .addTag("repetition", Integer.toString(step.repetition()));
        if (side != null) {
            p.addTag("side", side.wireName());
        }
        return p;
    }

    private static void addIfPresent(Point p, String field, Number value) {
        if (value != null) {
            p.addField(field, value);
        }
    }
}
