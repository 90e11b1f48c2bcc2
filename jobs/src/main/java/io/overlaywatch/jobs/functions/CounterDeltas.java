package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.CounterSeries;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Counter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins a run's counter readings (input 1) with its step summaries (input 2), keyed by run, and emits each summary
 * with the counters that moved most during its step.
 *
 * <p>A counter's delta for a step is its reading after the step minus its reading before it. Before: the last
 * reading at or before the step's first sample. After: the first reading after the step's last sample within the
 * settle time (the lab reads counters right after a step ends, a moment after its last sample), else the last
 * reading at or before the last sample. Deltas, except those of the traffic volume, are ranked by
 * {@code |delta| / max(|before|, 1)}; the top ones are attached. A summary waits until event time passes its last
 * sample plus the settle time, so that the readings after the step have arrived.
 *
 * <p>State is bounded without TTL: each counter keeps its readings of the last {@code horizon} (and the one
 * before, at most {@link #MAX_READINGS}), and a run's state is cleared after {@code horizon} without any reading or
 * summary. Counters read only before steps (the lab's rule counts) have no reading after a step: for them the
 * next step's reading is taken when it comes within the settle time.
 */
public class CounterDeltas extends KeyedCoProcessFunction<String, Counter, StepSummary, StepCounters> {

    /**
     * Counters of the traffic itself: they move with every step's own bytes and packets, so they measure the
     * throughput rather than explain it, and would crowd out the drops, errors, fragments and rules that do.
     */
    static final Set<String> TRAFFIC_VOLUME = Set.of("rx_bytes", "rx_packets", "tx_bytes", "tx_packets",
            "Ip_InReceives", "Ip_ForwDatagrams", "Tcp_InSegs", "Tcp_OutSegs", "Udp_InDatagrams", "Udp_OutDatagrams");

    /** Readings kept per counter at most, whatever the horizon: 10 minutes of one reading a second. */
    static final int MAX_READINGS = 600;

    private final long settleMillis;
    private final long horizonMillis;
    private final int top;

    private transient MapState<String, CounterSeries> series;
    private transient MapState<String, StepSummary> pending;
    private transient ValueState<Long> newest;
    private transient ValueState<Long> cleanupTimer;
    private transient org.apache.flink.metrics.Counter lateReadings;

    /**
     * @param settle  how long after a step's last sample a reading still counts as the step's after-reading
     * @param horizon how long readings are kept, and how long a run without readings or steps keeps its state
     * @param top     how many counters to attach per step
     */
    public CounterDeltas(Duration settle, Duration horizon, int top) {
        if (horizon.compareTo(settle) <= 0) {
            throw new IllegalArgumentException("counter horizon " + horizon + " must exceed the settle time " + settle);
        }
        this.settleMillis = settle.toMillis();
        this.horizonMillis = horizon.toMillis();
        this.top = top;
    }

    @Override
    public void open(OpenContext openContext) {
        series = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("counter-series", Types.STRING, Types.POJO(CounterSeries.class)));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-steps", Types.STRING, Types.POJO(StepSummary.class)));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
        cleanupTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
        lateReadings = getRuntimeContext().getMetricGroup().counter("lateCounterReadings");
    }

    @Override
    public void processElement1(Counter reading, Context ctx, Collector<StepCounters> out) throws Exception {
        if (reading.time() <= ctx.timerService().currentWatermark()) {
            // Kept all the same: a later step may still use it; only steps already emitted miss it.
            lateReadings.inc();
        }
        String labels = labels(reading.labels());
        String id = String.join("|", reading.node(), reading.source(), reading.name(), labels);
        CounterSeries s = series.get(id);
        if (s == null) {
            s = new CounterSeries(reading.node(), reading.source(), reading.name(), labels);
        }
        s.add(reading.time(), reading.value());
        s.trim(s.newest() - horizonMillis, MAX_READINGS);
        series.put(id, s);
        touch(reading.time(), ctx);
    }

    @Override
    public void processElement2(StepSummary summary, Context ctx, Collector<StepCounters> out) throws Exception {
        long due = summary.time() + settleMillis;
        if (due <= ctx.timerService().currentWatermark()) {
            out.collect(enrich(summary));
        } else {
            pending.put(pendingKey(summary), summary);
            // The readings after the step are in once event time passes its end and the settle time.
            ctx.timerService().registerEventTimeTimer(due);
        }
        touch(summary.time(), ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<StepCounters> out) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, StepSummary> entry : pending.entries()) {
            if (entry.getValue().time() + settleMillis <= timestamp) {
                out.collect(enrich(entry.getValue()));
                done.add(entry.getKey());
            }
        }
        for (String key : done) {
            pending.remove(key);
        }
        Long cleanup = cleanupTimer.value();
        if (cleanup == null || timestamp != cleanup) {
            return;
        }
        long due = newest.value() + horizonMillis;
        if (due > timestamp) {
            // One cleanup timer per run, moved on when it fires, instead of a delete and a register per reading.
            cleanupTimer.update(due);
            ctx.timerService().registerEventTimeTimer(due);
            return;
        }
        // A run quiet for the horizon is over: clearing bounds state, but a summary later than this gets no deltas.
        for (StepSummary left : pending.values()) {
            out.collect(enrich(left));
        }
        series.clear();
        pending.clear();
        newest.clear();
        cleanupTimer.clear();
    }

    private void touch(long time, Context ctx) throws Exception {
        Long before = newest.value();
        newest.update(before == null ? time : Math.max(before, time));
        if (cleanupTimer.value() == null) {
            long due = newest.value() + horizonMillis;
            cleanupTimer.update(due);
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    private StepCounters enrich(StepSummary summary) throws Exception {
        List<CounterDelta> deltas = new ArrayList<>();
        for (CounterSeries s : series.values()) {
            if (TRAFFIC_VOLUME.contains(s.name)) {
                continue;
            }
            CounterDelta d = delta(s, summary.firstTime(), summary.time(), settleMillis);
            if (d != null) {
                deltas.add(d);
            }
        }
        deltas.sort(Comparator.comparingDouble((CounterDelta d) -> -Math.abs(d.relativeChange()))
                .thenComparingDouble(d -> -Math.abs(d.delta()))
                .thenComparing(CounterDelta::name).thenComparing(CounterDelta::node));
        return new StepCounters(summary, deltas.subList(0, Math.min(top, deltas.size())));
    }

    /** The counter's move over a step from {@code start} to {@code end}, or null when it did not move or was not read. */
    static CounterDelta delta(CounterSeries s, long start, long end, long settleMillis) {
        int before = s.lastAtOrBefore(start);
        if (before < 0) {
            return null;
        }
        int after = s.firstIn(end, end + settleMillis);
        if (after < 0) {
            after = s.lastAtOrBefore(end);
        }
        double delta = s.values[after] - s.values[before];
        if (after <= before || delta == 0) {
            return null;
        }
        double from = s.values[before];
        return new CounterDelta(s.node, s.source, s.name, s.labels, from, s.values[after], delta,
                delta / Math.max(Math.abs(from), 1));
    }

    private static String pendingKey(StepSummary s) {
        return s.step().index() + "|" + s.step().repetition() + "|" + s.side().wireName() + "|" + s.time();
    }

    private static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }
}
