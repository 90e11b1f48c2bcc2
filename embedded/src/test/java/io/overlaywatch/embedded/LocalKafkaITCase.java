package io.overlaywatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real producer and consumer against {@link LocalKafka}. */
class LocalKafkaITCase {

    private static final Duration AWAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start(dataDir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldDeliverProducedRecordsToAConsumer() throws Exception {
        String topic = randomTopic();
        kafka.createTopics(3, topic);

        try (KafkaProducer<String, String> producer = producer()) {
            for (String key : List.of("a", "b", "c")) {
                producer.send(new ProducerRecord<>(topic, key, "value-" + key)).get();
            }
        }

        assertThat(consume(topic, 3)).containsExactlyInAnyOrder("a=value-a", "b=value-b", "c=value-c");
    }

    @Test
    void shouldCreateTopicsIdempotently() throws Exception {
        String topic = randomTopic();
        kafka.createTopics(3, topic);
        kafka.createTopics(5, topic, randomTopic());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(ListeningSockets.of(ProcessHandle.current().pid()))
                .isNotEmpty()
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
    }

    @Test
    void shouldKeepRecordsAndPortAcrossABrokerRestart() throws Exception {
        String topic = randomTopic();
        kafka.createTopics(1, topic);

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get();
            kafka.stopBroker();
            kafka.restartBroker();
            // The same producer finds the broker again at the address it bootstrapped from.
            producer.send(new ProducerRecord<>(topic, "k", "after")).get();
        }

        assertThat(consume(topic, 2)).containsExactly("k=before", "k=after");
    }

    private static String randomTopic() {
        return "it-" + UUID.randomUUID();
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Polls with a deadline until {@code count} records arrived; returns them as {@code key=value}. */
    private static List<String> consume(String topic, int count) {
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(AWAIT);
            while (received.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.key() + "=" + record.value());
                }
            }
        }
        return received;
    }
}
