package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.IntervalTotal;
import io.overlaywatch.jobs.records.QuantileSketch;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.StreamMoments;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.jobs.serialization.JobTypes;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Aggregates the samples of one (step, side) until the step closes, then emits its summary and,
 * as a side output, the throughput of each interval summed over the step's concurrent streams.
 *
 * <p>A step closes when the watermark passes the time of its end marker, or, for probes run
 * without a sweep driver, when no sample came for the configured gap in event time.
 *
 * <p>Samples of intervals that start within the warm-up are left out. Per-stream throughput values are kept
 * in state up to the exact limit, so that the quantiles of a sweep step are exact; past it they go, a batch
 * at a time, into a t-digest, so that a long live step holds a digest of about a KiB and at most a batch of
 * values instead of every value. Quantiles are computed once, when the step closes; the per-interval totals
 * (one small entry per second, needed for the interval side output) are kept as before.
 */
public class StepAggregator extends KeyedProcessFunction<String, StepEvent, StepSummary> {

    public static final OutputTag<ThroughputInterval> INTERVALS = new OutputTag<>("throughput-intervals") { };
    /** Samples that came after their step could have closed: counted, and passed on to be stored as late. */
    public static final OutputTag<Sample> LATE = new OutputTag<>("late-samples", JobTypes.SAMPLE);

    /** Per-stream samples of one step and side kept exactly, unless the constructor says otherwise. */
    public static final int DEFAULT_EXACT_LIMIT = 100_000;
    /** Past the exact limit, values wait in list state and go into the digest this many at a time. */
    static final int FOLD_BATCH = 1024;
    static final String VALUES_STATE = "values";
    static final String SKETCH_STATE = "sketch";

    private final long gapMillis;
    private final long warmUpMillis;
    private final int exactLimit;

    private transient ValueState<StepKey> step;
    private transient ValueState<Side> side;
    private transient ValueState<StreamMoments> moments;
    private transient ListState<Double> values;
    private transient ValueState<QuantileSketch> sketch;
    private transient MapState<String, Boolean> streams;
    private transient MapState<String, Long> pairBytes;
    private transient MapState<Integer, IntervalTotal> intervals;
    private transient ValueState<Long> endTimer;
    private transient ValueState<Long> gapTimer;
    private transient Counter lateSamples;
    private transient Counter warmUpSamples;

    /** No warm-up, quantiles exact up to {@link #DEFAULT_EXACT_LIMIT} samples. */
    public StepAggregator(Duration gap) {
        this(gap, Duration.ZERO, DEFAULT_EXACT_LIMIT);
    }

    /**
     * @param gap        a step without an end marker closes after this long without a sample, in event time
     * @param warmUp     samples of intervals starting earlier than this after the test started are left out
     * @param exactLimit per-stream samples of one step and side kept exactly; beyond, quantiles come from a t-digest
     */
    public StepAggregator(Duration gap, Duration warmUp, int exactLimit) {
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + warmUp);
        }
        if (exactLimit < 0) {
            throw new IllegalArgumentException("exact limit must not be negative, was " + exactLimit);
        }
        this.gapMillis = gap.toMillis();
        this.warmUpMillis = warmUp.toMillis();
        this.exactLimit = exactLimit;
    }

    @Override
    public void open(OpenContext openContext) {
        step = getRuntimeContext().getState(new ValueStateDescriptor<>("step", StepKey.class));
        side = getRuntimeContext().getState(new ValueStateDescriptor<>("side", Side.class));
        moments = getRuntimeContext().getState(new ValueStateDescriptor<>("moments", StreamMoments.class));
        values = getRuntimeContext().getListState(new ListStateDescriptor<>(VALUES_STATE, Types.DOUBLE));
        sketch = getRuntimeContext().getState(
                new ValueStateDescriptor<>(SKETCH_STATE, Types.POJO(QuantileSketch.class)));
        streams = getRuntimeContext().getMapState(new MapStateDescriptor<>("streams", Types.STRING, Types.BOOLEAN));
        pairBytes = getRuntimeContext().getMapState(new MapStateDescriptor<>("pair-bytes", Types.STRING, Types.LONG));
        intervals = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("intervals", Types.INT, Types.POJO(IntervalTotal.class)));
        endTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("end-timer", Types.LONG));
        gapTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("gap-timer", Types.LONG));
        lateSamples = getRuntimeContext().getMetricGroup().counter("lateSamples");
        warmUpSamples = getRuntimeContext().getMetricGroup().counter("warmUpSamples");
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
            ctx.output(LATE, sample);
            return;
        }
        if (sample.sum() || sample.omitted()) {
            return; // iperf3's own sum would count the streams twice; omitted intervals are warm-up
        }
        // Rounded to the millisecond: iperf3's JSON starts drift by microseconds around the whole second.
        if (Math.round(sample.start() * 1000) < warmUpMillis) {
            warmUpSamples.inc();
            return;
        }
        step.update(sample.step());
        side.update(event.side());
        StreamMoments m = moments.value();
        if (m == null) {
            m = new StreamMoments();
        }
        m.add(sample.bitsPerSecond(), sample.time());
        m.addTransport(sample.retransmits(), sample.lost(), sample.packets(), sample.jitterMs());
        moments.update(m);
        values.add(sample.bitsPerSecond());
        if (m.count > exactLimit && (m.count - exactLimit - 1) % FOLD_BATCH == 0) {
            // Past the limit: the values so far (at the switch, all of them) go into the digest, the list empties.
            // Decoding and encoding the digest once a batch, not once a sample, keeps a sample's cost at an append.
            QuantileSketch s = sketch.value();
            if (s == null) {
                s = new QuantileSketch(exactLimit);
            }
            s.addAll(values.get());
            sketch.update(s);
            values.clear();
        }
        streams.put(sample.stream(), Boolean.TRUE);
        Long moved = pairBytes.get(sample.clientPod());
        pairBytes.put(sample.clientPod(), (moved == null ? 0 : moved) + sample.bytes());
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

    /** Mean and sample standard deviation of the values, summed in ascending order: {mean, stddev}. */
    static double[] exactMoments(Iterable<Double> values) {
        // Primitives: sorting boxed Doubles was a fifth of this operator's time. Same order as Double.compareTo.
        double[] sorted = StreamSupport.stream(values.spliterator(), false).mapToDouble(Double::doubleValue)
                .sorted().toArray();
        int n = sorted.length;
        double sum = 0;
        for (double x : sorted) {
            sum += x;
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (double x : sorted) {
            squares += (x - mean) * (x - mean);
        }
        return new double[] {mean, n < 2 ? 0 : Math.sqrt(squares / (n - 1))};
    }

    /**
     * Jain's fairness index of the pairs' shares, {@code (sum x)^2 / (n * sum x^2)}: the pairs ran together for the
     * step's length, so bytes moved stand for throughput. NaN with fewer than two pairs, where it says nothing.
     */
    static double jainIndex(Iterable<Long> shares) {
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (long x : shares) {
            sum += x;
            squares += (double) x * x;
            n++;
        }
        return n < 2 || squares == 0 ? Double.NaN : sum * sum / (n * squares);
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
            StreamMoments cumulative = new StreamMoments();
            List<Double> completeTotals = new ArrayList<>();
            for (Map.Entry<Integer, IntervalTotal> entry : intervals.entries()) {
                IntervalTotal total = entry.getValue();
                ctx.output(INTERVALS, new ThroughputInterval(key, from, entry.getKey(), total.time,
                        total.bitsPerSecond, total.streams));
                if (total.streams == mostStreams) {
                    cumulative.add(total.bitsPerSecond, total.time);
                    completeTotals.add(total.bitsPerSecond);
                }
            }
            QuantileSketch perStream = sketch.value();
            double mean = m.mean();
            double stddev = m.stddev();
            if (perStream == null) {
                perStream = new QuantileSketch(exactLimit);
                // Every value is still here: sorted, they give the same mean and stddev to the last bit whatever
                // order the samples came in, so a replay after a restart writes the very same summary.
                double[] exact = exactMoments(values.get());
                mean = exact[0];
                stddev = exact[1];
            }
            perStream.addAll(values.get());
            QuantileSketch perInterval = new QuantileSketch(exactLimit);
            perInterval.addAll(completeTotals);
            out.collect(new StepSummary(key, from, m.lastTime, m.firstTime, streamCount, m.count,
                    mean, m.min, m.max, stddev,
                    perStream.quantile(0.5), perStream.quantile(0.05), perStream.quantile(0.95),
                    StreamMoments.ci95HalfWidth(m.count, stddev),
                    (int) cumulative.count, cumulative.mean(),
                    perInterval.quantile(0.5), perInterval.quantile(0.05), perInterval.quantile(0.95),
                    cumulative.stddev(), cumulative.ci95(),
                    m.totalRetransmits(), m.lossPercent(), m.meanJitterMs(), jainIndex(pairBytes.values()),
                    perStream.isExact() && perInterval.isExact(), byMarker));
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
        values.clear();
        sketch.clear();
        streams.clear();
        pairBytes.clear();
        intervals.clear();
        endTimer.clear();
        gapTimer.clear();
    }
}
