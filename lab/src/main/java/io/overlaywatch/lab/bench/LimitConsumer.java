package io.overlaywatch.lab.bench;

import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The physical limit the job is compared with: one plain kafka-clients consumer, Kafka's default fetch settings,
 * that reads a topic from the start and decodes every record into the model, as the job's source does.
 */
final class LimitConsumer {

    /** What the consumer read: how many samples, in how long from the first record to the last. */
    record Result(long samples, long rejected, long nanos) {
        double perSecond() {
            return samples / (nanos / 1e9);
        }
    }

    private LimitConsumer() {
    }

    /** Reads every partition of the topic until {@code expected} records decoded, or the timeout passed. */
    static Result read(String bootstrapServers, String topic, long expected, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long samples = 0;
            long rejected = 0;
            long first = 0;
            double checksum = 0;
            while (samples + rejected < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain consumer read " + (samples + rejected) + " of "
                            + expected + " records of " + topic + " within " + timeout.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (first == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Decoded decoded = WireCodec.decode(record.value());
                    if (decoded.record() instanceof Sample sample) {
                        samples++;
                        checksum += sample.bitsPerSecond(); // uses the decoded value, so no work can be skipped
                    } else {
                        rejected++;
                    }
                }
            }
            long nanos = System.nanoTime() - first;
            if (checksum < 0) {
                throw new IllegalStateException("negative throughput in the generated samples");
            }
            return new Result(samples, rejected, nanos);
        }
    }
}
