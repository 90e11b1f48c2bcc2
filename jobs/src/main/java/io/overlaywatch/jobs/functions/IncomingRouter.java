package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.serialization.JobTypes;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepMarker;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.EnumMap;
import java.util.Map;

/**
 * Sends each decoded record where it belongs: samples and end markers to the step aggregation
 * (an end marker once per side), samples also to the raw series, probe errors and dead letters
 * and counters to their own outputs. Counts dead letters in the {@code deadLetters} metric, and by the kind of
 * problem in {@code reason.<category>.deadLetters} (see {@link RejectCategory}).
 */
public class IncomingRouter extends ProcessFunction<Incoming, StepEvent> implements ResultTypeQueryable<StepEvent> {

    public static final OutputTag<Sample> RAW_SAMPLES = new OutputTag<>("raw-samples", JobTypes.SAMPLE);
    public static final OutputTag<ProbeError> PROBE_ERRORS = new OutputTag<>("probe-errors") { };
    public static final OutputTag<Counter> COUNTERS = new OutputTag<>("counters") { };
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };

    private transient org.apache.flink.metrics.Counter deadLetters;
    private transient Map<RejectCategory, org.apache.flink.metrics.Counter> deadLettersByReason;
    private transient org.apache.flink.metrics.Counter probeErrors;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        // Every category from the start, so that a dashboard sees zeros rather than no series.
        deadLettersByReason = new EnumMap<>(RejectCategory.class);
        for (RejectCategory category : RejectCategory.values()) {
            deadLettersByReason.put(category, getRuntimeContext().getMetricGroup()
                    .addGroup("reason", category.metricName()).counter("deadLetters"));
        }
        probeErrors = getRuntimeContext().getMetricGroup().counter("probeErrors");
    }

    @Override
    public TypeInformation<StepEvent> getProducedType() {
        return JobTypes.STEP_EVENT;
    }

    @Override
    public void processElement(Incoming in, Context ctx, Collector<StepEvent> out) {
        if (in.sample() != null) {
            ctx.output(RAW_SAMPLES, in.sample());
            out.collect(StepEvent.of(in.sample()));
        } else if (in.marker() != null) {
            if (in.marker().phase() == StepMarker.Phase.END) {
                for (Side side : Side.values()) {
                    out.collect(StepEvent.of(in.marker(), side));
                }
            }
        } else if (in.counter() != null) {
            ctx.output(COUNTERS, in.counter());
        } else if (in.error() != null) {
            probeErrors.inc();
            ctx.output(PROBE_ERRORS, in.error());
        } else {
            deadLetters.inc();
            deadLettersByReason.get(RejectCategory.of(in.deadLetter().reason())).inc();
            ctx.output(DEAD_LETTERS, in.deadLetter());
        }
    }
}
