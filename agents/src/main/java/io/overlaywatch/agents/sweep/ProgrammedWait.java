package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits until a changed policy set is in force: a fixed settle time, or, when the CNI exposes one, until a counter
 * on the counters topic (e.g. felix_active_local_policies, cilium_policy) reads the step's policy count plus an
 * offset for the policies that exist outside the sweep.
 */
final class ProgrammedWait implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Duration settle;
    private final String counter;
    private final int offset;
    private final Duration timeout;
    private final PrintStream log;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** Waits {@code settle} after every change. */
    static ProgrammedWait settle(Duration settle) {
        return new ProgrammedWait(settle, null, 0, Duration.ZERO, null, null);
    }

    /** Waits for the counter; reads the counters topic from its end as it is now. */
    static ProgrammedWait counter(KafkaSinkConfig config, String counter, int offset, Duration timeout, PrintStream log) {
        return new ProgrammedWait(Duration.ZERO, counter, offset, timeout, log,
                TopicTail.open(config, config.countersTopic()));
    }

    private ProgrammedWait(Duration settle, String counter, int offset, Duration timeout, PrintStream log,
                           KafkaConsumer<byte[], byte[]> consumer) {
        this.settle = settle;
        this.counter = counter;
        this.offset = offset;
        this.timeout = timeout;
        this.log = log;
        this.consumer = consumer;
    }

    /** Returns once a set of {@code policies}, changed at {@code changedAt} (epoch ms), is programmed. */
    void await(int policies, long changedAt) throws InterruptedException {
        if (consumer == null) {
            Thread.sleep(settle.toMillis());
            return;
        }
        double expected = policies + offset;
        // The last reading per node since the change, for the message when it never comes.
        Map<String, Double> seen = new TreeMap<>();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (WireCodec.decode(record.value()).record() instanceof Counter reading
                        && reading.name().equals(counter) && reading.time() >= changedAt) {
                    seen.put(reading.node(), reading.value());
                    if (reading.value() == expected) {
                        log.printf(Locale.ROOT, "%s reads %.0f on %s: programmed after %d ms%n", counter, expected,
                                reading.node(), reading.time() - changedAt);
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "%s did not reach %.0f within %d s of the policy"
                + " change (last readings: %s); check --programmed-counter and --programmed-offset", counter, expected,
                timeout.toSeconds(), seen.isEmpty() ? "none" : seen));
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}
