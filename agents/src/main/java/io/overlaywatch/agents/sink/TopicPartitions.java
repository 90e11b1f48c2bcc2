package io.overlaywatch.agents.sink;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

/** The partitions a topic has now, for a consumer that reads every partition without a group. */
public final class TopicPartitions {

    private TopicPartitions() {
    }

    /** Empty when the brokers do not know the topic. */
    public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        return partitions == null ? List.of()
                : partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
