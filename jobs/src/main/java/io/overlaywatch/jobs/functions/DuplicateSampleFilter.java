package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.IntervalId;
import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.jobs.serialization.JobTypes;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Iterator;
import java.util.Map;

/**
 * Lets each interval of a stream through once. A sample is a duplicate when a sample of the same stream (run, client,
 * side, stream), step and interval start came before (an agent that sent it twice); the second copy becomes a dead
 * letter with the reason {@code duplicate sample ...}, so the step counts the interval once and nothing is dropped
 * unseen. The first copy wins. Other records pass unchanged.
 *
 * <p>Keyed by the stream ({@link StreamKey}, the parts of its key on Kafka), so that the stall detector, keyed the same
 * way, can follow in the same task without another shuffle. The dead letter names the samples topic but partition
 * and offset -1: the job knows a duplicate by its content, not where it was read. An interval is forgotten once
 * the watermark passes it: a copy arriving after that is late, which the step aggregation and the live windows
 * already leave out (and count), and which the stall detector ignores as a replay.
 */
public class DuplicateSampleFilter extends KeyedProcessFunction<StreamKey, Incoming, Incoming>
        implements ResultTypeQueryable<Incoming> {

    static final String SEEN_STATE = "seen";

    private final String samplesTopic;

    /**
     * The intervals seen and the event time of each. A stream has one timer while it has intervals here, none
     * otherwise: the map's emptiness says whether a timer is set, so no other state is read for each sample.
     */
    private transient MapState<IntervalId, Long> seen;

    public DuplicateSampleFilter(String samplesTopic) {
        this.samplesTopic = samplesTopic;
    }

    /** A sample's stream; other records are spread by what they are about. */
    public static StreamKey keyOf(Incoming in) {
        if (in.sample() != null) {
            return StreamKey.of(in.sample());
        } else if (in.marker() != null) {
            return StreamKey.other(in.marker().step().run());
        } else if (in.error() != null) {
            return StreamKey.other(in.error().step().run());
        } else if (in.counter() != null) {
            return StreamKey.other(in.counter().node());
        }
        DeadLetter letter = in.deadLetter();
        return StreamKey.other(letter.topic() + '/' + letter.partition() + '/' + letter.offset());
    }

    @Override
    public TypeInformation<Incoming> getProducedType() {
        return JobTypes.INCOMING;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>(SEEN_STATE,
                TypeInformation.of(IntervalId.class), Types.LONG));
    }

    @Override
    public void processElement(Incoming in, Context ctx, Collector<Incoming> out) throws Exception {
        Sample sample = in.sample();
        if (sample == null) {
            out.collect(in);
            return;
        }
        IntervalId id = new IntervalId(sample.step(), Math.round(sample.start() * 1000));
        if (seen.contains(id)) {
            out.collect(Incoming.of(WireCodec.deadLetter(System.currentTimeMillis(), samplesTopic, -1, -1,
                    WireCodec.encode(sample), "duplicate sample: interval " + sample.start() + "-" + sample.end()
                            + " s of stream " + sample.stream() + " of " + sample.clientPod() + " ("
                            + sample.side().wireName() + ") was counted already")));
            return;
        }
        if (seen.isEmpty()) {
            // One timer per stream at a time, not one per sample: timers were a sixth of this operator's cost.
            ctx.timerService().registerEventTimeTimer(sample.time());
        }
        seen.put(id, sample.time());
        out.collect(in);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incoming> out) throws Exception {
        Iterator<Map.Entry<IntervalId, Long>> intervals = seen.iterator();
        long newest = Long.MIN_VALUE;
        while (intervals.hasNext()) {
            long time = intervals.next().getValue();
            if (time <= timestamp) {
                intervals.remove();
            } else {
                newest = Math.max(newest, time);
            }
        }
        if (newest == Long.MIN_VALUE) {
            seen.clear(); // empty now, but an emptied map still takes a state entry
        } else {
            ctx.timerService().registerEventTimeTimer(newest); // a stream that goes on: forget the rest later
        }
    }
}
