package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkLossState;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Locale;

/**
 * Alerts when a UDP link loses more than a threshold of its datagrams over a window (LOSS FIRING, once
 * per episode) and when loss stays at or below it for {@code clearWindows} windows (RESOLVED).
 * Keyed by {@link LinkWindow#key()}; TCP windows and windows with too few datagrams to judge are ignored.
 */
public class LossDetector extends KeyedProcessFunction<String, LinkWindow, Alert> {

    private static final long serialVersionUID = 1L;

    /** Fewer datagrams than this in a window say too little about loss (1 of 20 lost is not "5% loss"). */
    public static final long MIN_PACKETS = 100;

    private final double thresholdPct;
    private final int clearWindows;
    private final long idleMillis;

    private transient ValueState<LinkLossState> state;

    /**
     * @param thresholdPct loss above this % of the datagrams expected in a window fires
     * @param clearWindows consecutive windows at or below the threshold that resolve
     * @param idle         a link without windows for this long (event time) is forgotten
     */
    public LossDetector(double thresholdPct, int clearWindows, Duration idle) {
        if (!(thresholdPct >= 0 && thresholdPct < 100)) {
            throw new IllegalArgumentException("loss threshold must be between 0 and 100 %, was " + thresholdPct);
        }
        if (clearWindows < 1) {
            throw new IllegalArgumentException("clear windows must be at least 1, was " + clearWindows);
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + idle);
        }
        this.thresholdPct = thresholdPct;
        this.clearWindows = clearWindows;
        this.idleMillis = idle.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("link-loss", Types.POJO(LinkLossState.class)));
    }

    @Override
    public void processElement(LinkWindow w, Context ctx, Collector<Alert> out) throws Exception {
        if (w.protocol() != Protocol.UDP || w.packets() < MIN_PACKETS) {
            return;
        }
        LinkLossState s = state.value();
        if (s == null) {
            s = new LinkLossState();
        }
        if (w.end() <= s.lastEnd) {
            return; // a replayed window was judged already
        }
        s.lastEnd = w.end();
        s.run = w.run();
        double loss = w.lossPct();
        s.lastPct = loss;
        // One timer per link, moved with each window: the link is forgotten only after a silence.
        if (s.timer != 0) {
            ctx.timerService().deleteEventTimeTimer(s.timer);
        }
        s.timer = w.end() + idleMillis;
        ctx.timerService().registerEventTimeTimer(s.timer);

        if (loss > thresholdPct) {
            s.clearStreak = 0;
            s.worstPct = Math.max(s.worstPct, loss);
            if (!s.firing) {
                s.firing = true;
                out.collect(new Alert(WireRecord.VERSION, w.end(), Alert.Type.LOSS, Alert.Status.FIRING, w.key(),
                        w.run(), loss, thresholdPct, loss - thresholdPct, 0, String.format(Locale.ROOT,
                        "%s>%s %s udp lost %.2f%% of its datagrams (%,d of %,d) over %s, above the %.1f%% threshold",
                        w.srcNode(), w.dstNode(), w.cni(), loss, w.lost(), w.packets(),
                        LinkFormat.windows(1, w.length()), thresholdPct)));
            }
        } else if (s.firing && ++s.clearStreak >= clearWindows) {
            out.collect(new Alert(WireRecord.VERSION, w.end(), Alert.Type.LOSS, Alert.Status.RESOLVED, w.key(),
                    w.run(), loss, thresholdPct, loss - thresholdPct, 0, String.format(Locale.ROOT,
                    "%s>%s %s udp loss back to %.2f%% (at or below %.1f%% for %s); it peaked at %.2f%%",
                    w.srcNode(), w.dstNode(), w.cni(), loss, thresholdPct,
                    LinkFormat.windows(clearWindows, w.length()), s.worstPct)));
            s.firing = false;
            s.clearStreak = 0;
            s.worstPct = 0;
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        LinkLossState s = state.value();
        if (s == null || s.timer != timestamp) {
            return;
        }
        if (s.firing) {
            out.collect(new Alert(WireRecord.VERSION, timestamp, Alert.Type.LOSS, Alert.Status.RESOLVED,
                    ctx.getCurrentKey(), s.run, s.lastPct, thresholdPct, s.lastPct - thresholdPct, 0,
                    String.format(Locale.ROOT, "no UDP window for %s while loss was high (last %.2f%%, peak %.2f%%):"
                            + " the link is no longer probed, so the episode is closed without a recovery seen",
                            LinkFormat.duration(idleMillis), s.lastPct, s.worstPct)));
        }
        // Clearing after a silence bounds state for links that are gone, but a link that returns still
        // losing datagrams fires a new alert instead of continuing the old episode.
        state.clear();
    }
}
