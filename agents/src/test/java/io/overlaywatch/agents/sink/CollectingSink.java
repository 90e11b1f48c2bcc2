package io.overlaywatch.agents.sink;

import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A sink that keeps what it is sent, so tests can await records instead of sleeping; shared by the agent tests. */
public final class CollectingSink implements RecordSink {

    private final List<WireRecord> records = new ArrayList<>();

    @Override
    public synchronized void send(WireRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public void close() {
    }

    public synchronized List<WireRecord> records() {
        return List.copyOf(records);
    }

    public synchronized List<Sample> samples() {
        return records.stream().filter(Sample.class::isInstance).map(Sample.class::cast).toList();
    }

    public synchronized List<ProbeError> errors() {
        return records.stream().filter(ProbeError.class::isInstance).map(ProbeError.class::cast).toList();
    }

    public synchronized List<Counter> counters() {
        return records.stream().filter(Counter.class::isInstance).map(Counter.class::cast).toList();
    }

    /** Waits until the records so far satisfy the condition; false when the timeout ran out first. */
    public synchronized boolean await(Predicate<List<WireRecord>> condition, Duration timeout) throws InterruptedException {
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
