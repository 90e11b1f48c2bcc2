package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepMarker;

/**
 * One record read from Kafka, decoded: exactly one of the fields is set.
 * A flat record instead of a polymorphic type so that Flink serialises it as a POJO, not with Kryo.
 */
public record Incoming(Sample sample, StepMarker marker, ProbeError error, Counter counter, DeadLetter deadLetter) {

    public static Incoming of(Sample sample) {
        return new Incoming(sample, null, null, null, null);
    }

    public static Incoming of(StepMarker marker) {
        return new Incoming(null, marker, null, null, null);
    }

    public static Incoming of(ProbeError error) {
        return new Incoming(null, null, error, null, null);
    }

    public static Incoming of(Counter counter) {
        return new Incoming(null, null, null, counter, null);
    }

    public static Incoming of(DeadLetter deadLetter) {
        return new Incoming(null, null, null, null, deadLetter);
    }
}
