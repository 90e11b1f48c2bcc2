package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.IntervalTotal;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.StreamMoments;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.Map;

/**
 * Aggregates the samples of one (step, side) until the step closes, then emits its summary and,
 * as a side output, the throughput of each interval summed over the step's concurrent streams.
 *
 * <p>A step closes when the watermark passes the time of its end marker, or, for probes run
 * without a sweep driver, when no sample came for the configured gap in event time.
 */
public class StepAggregator extends KeyedProcessFunction<String, StepEvent, StepSummary> {

    public static final OutputTag<ThroughputInterval> INTERVALS = new OutputTag<>("throughput-intervals") { };

    private final long gapMillis;

    private transient ValueState<StepKey> step;
    private transient ValueState<Side> side;
    private transient ValueState<StreamMoments> moments;
    private transient MapState<String, Boolean> streams;
    private transient MapState<Integer, IntervalTotal> intervals;
    private transient ValueState<Long> endTimer;
    private transient ValueState<Long> gapTimer;
    private transient Counter lateSamples;

    public StepAggregator(Duration gap) {
        this.gapMillis = gap.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        step = getRuntimeContext().getState(new ValueStateDescriptor<>("step", StepKey.class));
        side = getRuntimeContext().getState(new ValueStateDescriptor<>("side", Side.class));
        moments = getRuntimeContext().getState(new ValueStateDescriptor<>("moments", StreamMoments.class));
        streams = getRuntimeContext().getMapState(new MapStateDescriptor<>("streams", Types.STRING, Types.BOOLEAN));
        intervals = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("intervals", Types.INT, Types.POJO(IntervalTotal.class)));
        endTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("end-timer", Types.LONG));
        gapTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("gap-timer", Types.LONG));
        lateSamples = getRuntimeContext().getMetricGroup().counter("lateSamples");
    }

    @Override
    public void processElement(StepEvent event, Context ctx, Collector<StepSummary> out) throws Exception {
        if (event.marker() != null) {
            step.update(event.marker().step());
            side.update(event.side());
            // The end marker's time is the step's end: all its samples are older.
            endTimer.update(event.marker().time());
            ctx.timerService().registerEventTimeTimer(event.marker().time());
            return;
        }
        Sample sample = event.sample();
        if (sample.time() <= ctx.timerService().currentWatermark()) {
            // Its step may have closed already; counting it again would change a published summary.
            lateSamples.inc();
            return;
        }
        if (sample.sum() || sample.omitted()) {
            return; // iperf3's own sum would count the streams twice; omitted intervals are warm-up
        }
        step.update(sample.step());
        side.update(event.side());
        StreamMoments m = moments.value();
        if (m == null) {
            m = new StreamMoments();
        }
        m.add(sample.bitsPerSecond(), sample.time());
        moments.update(m);
        streams.put(sample.stream(), Boolean.TRUE);
        int index = (int) Math.round(sample.start());
        IntervalTotal total = intervals.get(index);
        if (total == null) {
            total = new IntervalTotal();
        }
        total.add(sample.bitsPerSecond(), sample.time());
        intervals.put(index, total);
        if (gapTimer.value() == null) {
            long due = m.lastTime + gapMillis;
            gapTimer.update(due);
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StepSummary> out) throws Exception {
        Long end = endTimer.value();
        if (end != null && timestamp >= end) {
            close(ctx, out, true);
            return;
        }
        Long gap = gapTimer.value();
        StreamMoments m = moments.value();
        if (gap == null || timestamp != gap || m == null) {
            return;
        }
        long due = m.lastTime + gapMillis;
        if (due > timestamp) {
            // One timer per step, moved on when it fires, instead of one delete and register per sample.
            gapTimer.update(due);
            ctx.timerService().registerEventTimeTimer(due);
        } else {
            close(ctx, out, false);
        }
    }

    private void close(OnTimerContext ctx, Collector<StepSummary> out, boolean byMarker) throws Exception {
        StreamMoments m = moments.value();
        StepKey key = step.value();
        Side from = side.value();
        if (m != null && key != null) {
            int streamCount = 0;
            for (String ignored : streams.keys()) {
                streamCount++;
            }
            int mostStreams = 0;
            for (IntervalTotal total : intervals.values()) {
                mostStreams = Math.max(mostStreams, total.streams);
            }
            int complete = 0;
            double completeSum = 0;
            for (Map.Entry<Integer, IntervalTotal> entry : intervals.entries()) {
                IntervalTotal total = entry.getValue();
                ctx.output(INTERVALS, new ThroughputInterval(key, from, entry.getKey(), total.time,
                        total.bitsPerSecond, total.streams));
                if (total.streams == mostStreams) {
                    complete++;
                    completeSum += total.bitsPerSecond;
                }
            }
            out.collect(new StepSummary(key, from, m.lastTime, m.firstTime, streamCount, m.count,
                    m.mean(), m.min, m.max, m.stddev(), complete, complete == 0 ? 0 : completeSum / complete,
                    byMarker));
        }
        // Clearing both timers with the state: a timer left behind would fire on an empty step.
        Long end = endTimer.value();
        if (end != null) {
            ctx.timerService().deleteEventTimeTimer(end);
        }
        Long gap = gapTimer.value();
        if (gap != null) {
            ctx.timerService().deleteEventTimeTimer(gap);
        }
        step.clear();
        side.clear();
        moments.clear();
        streams.clear();
        intervals.clear();
        endTimer.clear();
        gapTimer.clear();
    }
}
