package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A sink that keeps what it is sent, so tests can await records instead of sleeping. */
final class CollectingSink implements RecordSink {

    private final List<WireRecord> records = new ArrayList<>();

    @Override
    public synchronized void send(WireRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public void close() {
    }

    synchronized List<WireRecord> records() {
        return List.copyOf(records);
    }

    synchronized List<Sample> samples() {
        return records.stream().filter(Sample.class::isInstance).map(Sample.class::cast).toList();
    }

    synchronized List<ProbeError> errors() {
        return records.stream().filter(ProbeError.class::isInstance).map(ProbeError.class::cast).toList();
    }

    /** Waits until the records so far satisfy the condition; false when the timeout ran out first. */
    synchronized boolean await(Predicate<List<WireRecord>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(records)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
