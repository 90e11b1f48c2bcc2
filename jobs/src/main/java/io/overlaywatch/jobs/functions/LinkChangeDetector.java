package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkChangeState;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Watches each link's windowed throughput for sustained drops with {@link CusumDetector}: one CHANGE
 * FIRING alert when a drop opens, none while it lasts, one RESOLVED when throughput is back.
 * Keyed by {@link LinkWindow#key()}; windows arrive in event-time order from the window operator.
 */
public class LinkChangeDetector extends KeyedProcessFunction<String, LinkWindow, Alert> {

    private static final long serialVersionUID = 1L;

    private final CusumDetector detector;
    private final int minIntervals;
    private final long idleMillis;

    private transient ValueState<LinkChangeState> state;
    private transient Counter skippedWindows;

    /**
     * @param settings     the detector's settings
     * @param minIntervals windows with fewer intervals than this are not judged (a probe that only grazed the window)
     * @param idle         a link without windows for this long (event time) is forgotten
     */
    public LinkChangeDetector(CusumDetector.Settings settings, int minIntervals, Duration idle) {
        if (minIntervals < 1) {
            throw new IllegalArgumentException("minimum intervals must be at least 1, was " + minIntervals);
        }
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + idle);
        }
        this.detector = new CusumDetector(settings);
        this.minIntervals = minIntervals;
        this.idleMillis = idle.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("link-change",
                Types.POJO(LinkChangeState.class)));
        skippedWindows = getRuntimeContext().getMetricGroup().counter("skippedWindows");
    }

    @Override
    public void processElement(LinkWindow w, Context ctx, Collector<Alert> out) throws Exception {
        LinkChangeState s = state.value();
        if (s == null) {
            s = new LinkChangeState();
        }
        if (w.end() <= s.lastEnd) {
            skippedWindows.inc();
            return; // a replayed or out-of-order window: judging it twice would skew the baseline
        }
        s.lastEnd = w.end();
        s.run = w.run();
        s.lastValue = w.meanBps();
        // One timer per link, moved with each window: the link is forgotten only after a silence.
        if (s.timer != 0) {
            ctx.timerService().deleteEventTimeTimer(s.timer);
        }
        s.timer = w.end() + idleMillis;
        ctx.timerService().registerEventTimeTimer(s.timer);

        if (w.intervals() < minIntervals) {
            skippedWindows.inc();
            state.update(s);
            return;
        }
        CusumDetector.Decision d = detector.update(s, w.meanBps());
        state.update(s);
        if (d.kind() == CusumDetector.Kind.FIRING) {
            out.collect(alert(w, Alert.Status.FIRING, d, String.format(java.util.Locale.ROOT,
                    "%s throughput %s over %s, %s against its baseline %s (median of the last %d normal windows,"
                            + " robust sigma %s); CUSUM %s > h=%s",
                    describe(w), LinkFormat.bps(d.observed()), LinkFormat.windows(d.windows(), w.length()),
                    LinkFormat.pct(d.changePct()), LinkFormat.bps(d.baseline()), s.baselineSize,
                    LinkFormat.bps(d.sigma()), LinkFormat.num(d.score()), LinkFormat.num(detector.settings().h()))));
        } else if (d.kind() == CusumDetector.Kind.RESOLVED) {
            out.collect(alert(w, Alert.Status.RESOLVED, d, String.format(java.util.Locale.ROOT,
                    "%s throughput back to %s (%s against the baseline %s) for %s; the drop lasted %d windows",
                    describe(w), LinkFormat.bps(d.observed()), LinkFormat.pct(d.changePct()),
                    LinkFormat.bps(d.baseline()), LinkFormat.windows(detector.settings().windows(), w.length()),
                    d.windows() - detector.settings().windows())));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        LinkChangeState s = state.value();
        if (s == null || s.timer != timestamp) {
            return;
        }
        if (s.firing) {
            double change = s.episodeBaseline == 0 ? 0 : 100 * (s.lastValue - s.episodeBaseline) / s.episodeBaseline;
            out.collect(new Alert(WireRecord.VERSION, timestamp, Alert.Type.CHANGE, Alert.Status.RESOLVED,
                    ctx.getCurrentKey(), s.run, s.lastValue, s.episodeBaseline, change, 0,
                    "no window for " + LinkFormat.duration(idleMillis) + " while a drop was open: the link is no"
                            + " longer probed, so the episode is closed without a recovery seen (last window "
                            + LinkFormat.bps(s.lastValue) + ", baseline " + LinkFormat.bps(s.episodeBaseline) + ")"));
        }
        // Clearing after a silence bounds state for links that are gone, but a link that comes back
        // afterwards starts from an empty baseline and is not judged until it has warmed up again.
        state.clear();
    }

    private static Alert alert(LinkWindow w, Alert.Status status, CusumDetector.Decision d, String reason) {
        return new Alert(WireRecord.VERSION, w.end(), Alert.Type.CHANGE, status, w.key(), w.run(), d.observed(),
                d.baseline(), d.changePct(), d.score(), reason);
    }

    private static String describe(LinkWindow w) {
        return w.srcNode() + ">" + w.dstNode() + " " + w.cni() + " " + w.protocol().wireName();
    }
}
