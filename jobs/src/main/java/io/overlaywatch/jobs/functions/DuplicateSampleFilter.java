package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets each interval of a stream through once. A sample is a duplicate when a sample of the same step, side,
 * client and stream with the same interval start came before (an agent that sent it twice); the second copy
 * becomes a dead letter with the reason {@code duplicate sample ...}, so the step counts the interval once and
 * nothing is dropped unseen. The first copy wins. Other records pass unchanged.
 *
 * <p>The dead letter names the samples topic but partition and offset -1: the job knows a duplicate by its
 * content, not where it was read. The starts seen are forgotten once the watermark passes the newest sample of
 * the stream: a copy arriving later is late, which the step aggregation already leaves out.
 */
public class DuplicateSampleFilter extends KeyedProcessFunction<String, Incoming, Incoming> {

    private final String samplesTopic;

    private transient MapState<Long, Boolean> starts;
    private transient ValueState<Long> newest;

    public DuplicateSampleFilter(String samplesTopic) {
        this.samplesTopic = samplesTopic;
    }

    /** One stream of one step and side for samples; other records are spread by what they are about. */
    public static String keyOf(Incoming in) {
        if (in.sample() != null) {
            Sample s = in.sample();
            return StepEvent.keyOf(s.step(), s.side()) + '|' + s.clientPod() + '|' + s.stream();
        } else if (in.marker() != null) {
            return in.marker().step().run();
        } else if (in.error() != null) {
            return in.error().step().run();
        } else if (in.counter() != null) {
            return in.counter().node();
        }
        DeadLetter letter = in.deadLetter();
        return letter.topic() + '/' + letter.partition() + '/' + letter.offset();
    }

    @Override
    public void open(OpenContext openContext) {
        starts = getRuntimeContext().getMapState(new MapStateDescriptor<>("starts", Types.LONG, Types.BOOLEAN));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
    }

    @Override
    public void processElement(Incoming in, Context ctx, Collector<Incoming> out) throws Exception {
        Sample sample = in.sample();
        if (sample == null) {
            out.collect(in);
            return;
        }
        // Milliseconds: iperf3's JSON starts drift by microseconds, a re-sent copy carries the same value.
        long start = Math.round(sample.start() * 1000);
        if (starts.contains(start)) {
            out.collect(Incoming.of(WireCodec.deadLetter(System.currentTimeMillis(), samplesTopic, -1, -1,
                    WireCodec.encode(sample), "duplicate sample: interval " + sample.start() + "-" + sample.end()
                            + " s of stream " + sample.stream() + " of " + sample.clientPod() + " ("
                            + sample.side().wireName() + ") was counted already")));
            return;
        }
        starts.put(start, Boolean.TRUE);
        Long last = newest.value();
        if (last == null) {
            // One timer per stream at a time, not one per sample: timers were a sixth of this operator's cost.
            ctx.timerService().registerEventTimeTimer(sample.time());
        }
        if (last == null || sample.time() > last) {
            newest.update(sample.time());
        }
        out.collect(in);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incoming> out) throws Exception {
        Long last = newest.value();
        if (last != null && timestamp >= last) {
            // Clearing now bounds the state per stream, but a copy arriving after this is only caught as late.
            starts.clear();
            newest.clear();
        } else if (last != null) {
            ctx.timerService().registerEventTimeTimer(last);
        }
    }
}
