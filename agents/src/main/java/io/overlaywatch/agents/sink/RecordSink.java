package io.overlaywatch.agents.sink;

import io.overlaywatch.model.WireRecord;

/** Where the agent puts the records it makes; implementations are thread-safe and shared by all probes of a process. */
public interface RecordSink extends AutoCloseable {

    /** Sends one record; returns without waiting for delivery, never throws for a delivery failure. */
    void send(WireRecord record);

    /** Waits until every record sent so far is delivered or has failed. */
    default void flush() {
    }

    /** Flushes and releases the sink. */
    @Override
    void close();
}
