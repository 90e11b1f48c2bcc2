package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StallState;
import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * Alerts when a stream moves no data for {@code intervals} consecutive intervals (STALL FIRING, once per
 * episode) and when it moves again (RESOLVED). Keyed by the stream ({@link StreamKey}), whose samples
 * arrive in order from one Kafka partition; feed it the relevant side only (see {@link LinkSampleFilter}).
 */
public class StallDetector extends KeyedProcessFunction<StreamKey, Sample, Alert> {

    private static final long serialVersionUID = 1L;

    private final int intervals;
    private final long idleMillis;

    private transient ValueState<StallState> state;

    /**
     * @param intervals consecutive zero-throughput intervals that make a stall
     * @param idle      a stream without samples for this long (event time) is over and forgotten
     */
    public StallDetector(int intervals, Duration idle) {
        if (intervals < 1) {
            throw new IllegalArgumentException("stall intervals must be at least 1, was " + intervals);
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + idle);
        }
        this.intervals = intervals;
        this.idleMillis = idle.toMillis();
    }

    /** What alerts call a stream: {@code stream run/client->server/5-tuple}. */
    public static String alertKey(Sample s) {
        return "stream " + s.step().run() + "/" + s.clientPod() + "->" + s.serverPod() + "/" + s.stream();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("stall", Types.POJO(StallState.class)));
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Alert> out) throws Exception {
        if (!LinkSampleFilter.isRelevant(sample)) {
            return;
        }
        StallState s = state.value();
        if (s == null) {
            s = new StallState();
        }
        if (sample.start() <= s.lastStart) {
            return; // a replayed interval: counting it again would lengthen a stall that did not get longer
        }
        s.lastStart = sample.start();
        if (s.key == null) {
            // The same for every sample of a stream; built once, not for each of them.
            s.key = alertKey(sample);
            s.run = sample.step().run();
        }
        s.lastTime = Math.max(s.lastTime, sample.time());
        if (s.timer == 0) {
            s.timer = s.lastTime + idleMillis;
            ctx.timerService().registerEventTimeTimer(s.timer);
        }

        if (sample.bytes() == 0 || sample.bitsPerSecond() == 0) {
            if (s.zeroIntervals == 0) {
                s.zeroSince = sample.time();
            }
            s.zeroIntervals++;
            if (!s.firing && s.zeroIntervals >= intervals) {
                s.firing = true;
                out.collect(new Alert(WireRecord.VERSION, sample.time(), Alert.Type.STALL, Alert.Status.FIRING,
                        alertKey(sample), sample.step().run(), 0, s.lastMovingBps, -100, s.zeroIntervals,
                        describe(sample) + " moved no data for " + s.zeroIntervals + " intervals in a row since "
                                + Instant.ofEpochMilli(s.zeroSince) + " (it carried "
                                + LinkFormat.bps(s.lastMovingBps) + " before)"));
            }
        } else {
            if (s.firing) {
                double change = s.lastMovingBps == 0 ? 0
                        : 100 * (sample.bitsPerSecond() - s.lastMovingBps) / s.lastMovingBps;
                out.collect(new Alert(WireRecord.VERSION, sample.time(), Alert.Type.STALL, Alert.Status.RESOLVED,
                        alertKey(sample), sample.step().run(), sample.bitsPerSecond(), s.lastMovingBps, change,
                        s.zeroIntervals, describe(sample) + " moves again at " + LinkFormat.bps(sample.bitsPerSecond())
                                + " after " + s.zeroIntervals + " intervals without data"));
            }
            s.firing = false;
            s.zeroIntervals = 0;
            s.lastMovingBps = sample.bitsPerSecond();
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        StallState s = state.value();
        if (s == null || s.timer != timestamp) {
            return;
        }
        long due = s.lastTime + idleMillis;
        if (due > timestamp) {
            // One timer per stream, moved on when it fires, instead of a delete and a register per sample.
            s.timer = due;
            ctx.timerService().registerEventTimeTimer(due);
            state.update(s);
            return;
        }
        if (s.firing) {
            out.collect(new Alert(WireRecord.VERSION, timestamp, Alert.Type.STALL, Alert.Status.RESOLVED,
                    s.key, s.run, 0,
                    s.lastMovingBps, -100, s.zeroIntervals,
                    "the stream ended while stalled (no sample for " + LinkFormat.duration(idleMillis)
                            + " after " + s.zeroIntervals + " intervals without data); its probe error, if any, says why"));
        }
        // Forgetting a stream after a silence bounds state (every probe is a new 5-tuple), but a stream
        // silent for longer than that and then resumed counts its zero intervals afresh.
        state.clear();
    }

    private static String describe(Sample s) {
        return "stream " + s.stream() + " of " + s.clientPod() + "->" + s.serverPod() + " (" + s.srcNode() + ">"
                + s.dstNode() + " " + s.step().cni() + " " + s.step().protocol().wireName() + ")";
    }
}
