package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Talks to the client agents: a step command out on the control topic, their acks back from the steps topic.
 * The acks are read from the end of the steps topic as it was before the first command, so none is missed.
 */
final class StepControl implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaRecordSink sink;
    private final String controlTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    /** How the addressed clients answered one command. */
    record Outcome(Set<String> done, Map<String, String> failed, Set<String> silent) {

        boolean succeeded() {
            return failed.isEmpty() && silent.isEmpty();
        }

        /** Why the step failed, naming each client. */
        String reason() {
            StringBuilder reason = new StringBuilder();
            failed.forEach((client, message) -> reason.append(reason.length() == 0 ? "" : "; ")
                    .append(client).append(" failed: ").append(message));
            if (!silent.isEmpty()) {
                reason.append(reason.length() == 0 ? "" : "; ").append("no answer from ").append(String.join(", ", silent));
            }
            return reason.toString();
        }
    }

    StepControl(KafkaRecordSink sink, String controlTopic) {
        this.sink = sink;
        this.controlTopic = controlTopic;
        KafkaSinkConfig config = sink.config();
        sink.requireTopics(controlTopic, config.stepsTopic());
        this.consumer = new KafkaConsumer<>(consumerProperties(config));
        List<TopicPartition> partitions = consumer.partitionsFor(config.stepsTopic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, before any command can be answered.
        partitions.forEach(consumer::position);
    }

    /** The sink's brokers and those of its settings a consumer knows too (security, timeouts). */
    static Map<String, Object> consumerProperties(KafkaSinkConfig config) {
        Map<String, Object> props = new HashMap<>();
        Set<String> consumerKeys = ConsumerConfig.configNames();
        config.producerOverrides().forEach((key, value) -> {
            if (consumerKeys.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Sends the command and waits until every client it names said done or failed, or until {@code deadlineMillis}. */
    Outcome run(StepCommand command, long deadlineMillis) {
        sink.sendTo(controlTopic, command);
        sink.flush();
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
