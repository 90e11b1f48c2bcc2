package io.overlaywatch.jobs.serialization;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepMarker;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.Map;

/**
 * The types of the streams that carry samples, given explicitly so that the samples in them use
 * {@link SampleSerializer}. Flink's way to register it for every use, {@code pipeline.serialization-config}, fills a
 * registry that lives as long as the JVM and refuses a second job in it (a test class, the lab's pipeline).
 */
public final class JobTypes {

    public static final TypeInformation<Sample> SAMPLE = new SerializerTypeInfo<>(Sample.class, SampleSerializer.class);

    /** A name that repeats from record to record, such as a step's key. */
    public static final TypeInformation<String> NAME = new SerializerTypeInfo<>(String.class, NameSerializer.class);

    /** A decoded Kafka record: what the source produces and deduplication passes on. */
    public static final TypeInformation<Incoming> INCOMING = Types.POJO(Incoming.class, Map.of(
            "sample", SAMPLE,
            "marker", TypeInformation.of(StepMarker.class),
            "error", TypeInformation.of(ProbeError.class),
            "counter", TypeInformation.of(Counter.class),
            "deadLetter", TypeInformation.of(DeadLetter.class)));

    /** What the router sends to the step aggregation. */
    public static final TypeInformation<StepEvent> STEP_EVENT = Types.POJO(StepEvent.class, Map.of(
            "key", NAME,
            "side", TypeInformation.of(Side.class),
            "sample", SAMPLE,
            "marker", TypeInformation.of(StepMarker.class)));

    private JobTypes() {
    }
}
