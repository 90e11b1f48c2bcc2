package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** A record on an overlaywatch Kafka topic: versioned, typed by its {@code kind}, stamped with event time. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Sample.class, name = "sample"),
    @JsonSubTypes.Type(value = ProbeError.class, name = "probe_error"),
    @JsonSubTypes.Type(value = StepMarker.class, name = "step"),
    @JsonSubTypes.Type(value = StepCommand.class, name = "step_command"),
    @JsonSubTypes.Type(value = StepAck.class, name = "step_ack"),
    @JsonSubTypes.Type(value = Counter.class, name = "counter"),
    @JsonSubTypes.Type(value = Alert.class, name = "alert"),
    @JsonSubTypes.Type(value = ClusterView.class, name = "cluster"),
    @JsonSubTypes.Type(value = DeadLetter.class, name = "deadletter")
})
public sealed interface WireRecord permits Sample, ProbeError, StepMarker, StepCommand, StepAck, Counter, Alert,
        ClusterView, DeadLetter {

    /** The schema version this code writes and the only one it reads. */
    int VERSION = 1;

    /** Schema version of this record. */
    int v();

    /** Event time, epoch milliseconds. */
    long time();

    /** What is wrong with this record, empty when it is valid. */
    List<String> problems();
}
