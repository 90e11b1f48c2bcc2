package io.overlaywatch.agents.counters;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it is sent, so tests can await counters instead of sleeping. */
final class MemorySink implements RecordSink {

    private final List<WireRecord> records = new ArrayList<>();

    @Override
    public synchronized void send(WireRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public void close() {
    }

    synchronized List<Counter> counters() {
        return records.stream().filter(Counter.class::isInstance).map(Counter.class::cast).toList();
    }

    /** Waits until at least this many records arrived; false when the timeout ran out first. */
    synchronized boolean await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
