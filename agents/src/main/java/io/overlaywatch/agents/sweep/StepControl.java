package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Talks to the client agents (for the sweep driver and bench agent): a step command out on the control topic, their
 * acks back from the steps topic. The acks are read from the end of the steps topic as it was before the first
 * command, so none is missed.
 */
public final class StepControl implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaRecordSink sink;
    private final String controlTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** How the addressed clients answered one command. */
    public record Outcome(Set<String> done, Map<String, String> failed, Set<String> silent) {

        public boolean succeeded() {
            return failed.isEmpty() && silent.isEmpty();
        }

        /** Why the step failed, naming each client. */
        public String reason() {
            StringBuilder reason = new StringBuilder();
            failed.forEach((client, message) -> reason.append(reason.length() == 0 ? "" : "; ")
                    .append(client).append(" failed: ").append(message));
            if (!silent.isEmpty()) {
                reason.append(reason.length() == 0 ? "" : "; ").append("no answer from ").append(String.join(", ", silent));
            }
            return reason.toString();
        }
    }

    public StepControl(KafkaRecordSink sink, String controlTopic) {
        this.sink = sink;
        this.controlTopic = controlTopic;
        KafkaSinkConfig config = sink.config();
        sink.requireTopics(controlTopic, config.stepsTopic());
        this.consumer = TopicTail.open(config, config.stepsTopic());
    }

    /** Sends the command and waits until every client it names said done or failed, or until {@code deadlineMillis}. */
    public Outcome run(StepCommand command, long deadlineMillis) {
        send(command);
        return await(command, deadlineMillis);
    }

    /** Sends the command; {@link #await} reads its acks, also those that came in the meantime. */
    public void send(StepCommand command) {
        sink.sendTo(controlTopic, command);
        sink.flush();
    }

    /**
     * Waits until every client the command names said done or failed, or until {@code deadlineMillis}; acks of other
     * commands are passed over.
     */
    public Outcome await(StepCommand command, long deadlineMillis) {
        Set<String> waiting = new TreeSet<>(command.clients());
        Set<String> done = new TreeSet<>();
        Map<String, String> failed = new LinkedHashMap<>();
        while (!waiting.isEmpty() && System.currentTimeMillis() < deadlineMillis) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                Decoded decoded = WireCodec.decode(record.value());
                if (!(decoded.record() instanceof StepAck ack) || !ack.step().equals(command.step())
                        || !waiting.contains(ack.clientPod())) {
                    continue;
                }
                if (ack.status() == StepAck.Status.DONE) {
                    done.add(ack.clientPod());
                    waiting.remove(ack.clientPod());
                } else if (ack.status() == StepAck.Status.FAILED) {
                    failed.put(ack.clientPod(), ack.message());
                    waiting.remove(ack.clientPod());
                }
            }
        }
        return new Outcome(done, failed, waiting);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
