package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.TopicPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A consumer of every partition of one topic, from its end as it is now: it sees only what comes after. */
final class TopicTail {

    private TopicTail() {
    }

    static KafkaConsumer<byte[], byte[]> open(KafkaSinkConfig config, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(config));
        // Kafka's own default.api.timeout.ms
        List<TopicPartition> partitions = TopicPartitions.of(consumer, topic, Duration.ofMinutes(1));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // position() resolves the lazy seek now, before anything the caller waits for can be written.
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The sink's brokers and those of its settings a consumer knows too (security, timeouts); no group. */
    static Map<String, Object> consumerProperties(KafkaSinkConfig config) {
        Map<String, Object> props = config.consumerProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }
}
