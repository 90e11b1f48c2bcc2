package io.overlaywatch.agents.sink;

import io.overlaywatch.model.Counter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class KafkaSinkConfigTest {

    @Test
    void shouldProduceIdempotentlyWithAllAcksAndByteArraySerializers() {
        Map<String, Object> props = KafkaRecordSink.producerProperties(KafkaSinkConfig.of("127.0.0.1:1234"));

        assertThat(props).contains(
                entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1234"),
                entry(ProducerConfig.ACKS_CONFIG, "all"),
                entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()),
                entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        assertThat(props).containsKey(ProducerConfig.LINGER_MS_CONFIG);
    }

    @Test
    void shouldGiveTheProducerASmallBufferAndNoTelemetryUnlessOverridden() {
        Map<String, Object> defaults = KafkaRecordSink.producerProperties(KafkaSinkConfig.of("127.0.0.1:1234"));
        KafkaSinkConfig overridden = new KafkaSinkConfig("127.0.0.1:1234", "s", "t", "c", Map.of(
                ProducerConfig.BUFFER_MEMORY_CONFIG, "33554432", ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "true"));

        assertThat(defaults).contains(entry(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * 1024 * 1024),
                entry(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false));
        assertThat(KafkaRecordSink.producerProperties(overridden)).contains(
                entry(ProducerConfig.BUFFER_MEMORY_CONFIG, "33554432"),
                entry(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "true"));
    }

    @Test
    void shouldGiveIdleConsumersTheSecuritySettingsAndALongFetchWait() {
        KafkaSinkConfig config = new KafkaSinkConfig("b:9092", "s", "t", "c", Map.of(
                "security.protocol", "SASL_SSL", ProducerConfig.LINGER_MS_CONFIG, "5"));

        Map<String, Object> props = config.idleConsumerProperties();

        assertThat(props).contains(entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092"),
                entry("security.protocol", "SASL_SSL"), entry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10_000),
                entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        assertThat(props).as("a producer's own setting").doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(config.consumerProperties()).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
    }

    @Test
    void shouldGiveConsumersNoTelemetryUnlessOverridden() {
        KafkaSinkConfig overridden = new KafkaSinkConfig("b:9092", "s", "t", "c",
                Map.of(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, "true"));

        assertThat(KafkaSinkConfig.of("b:9092").idleConsumerProperties())
                .contains(entry(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false));
        assertThat(overridden.idleConsumerProperties()).contains(entry(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, "true"));
    }

    @Test
    void shouldPassSettingsFromThePropertiesFileToTheProducer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "# security\nsecurity.protocol = SASL_SSL\nlinger.ms=5\n");

        KafkaSinkConfig config = new KafkaSinkConfig("b:9092", "s", "t", "c", KafkaSinkConfig.readProperties(file));

        assertThat(KafkaRecordSink.producerProperties(config))
                .contains(entry("security.protocol", "SASL_SSL"), entry(ProducerConfig.LINGER_MS_CONFIG, "5"));
    }

    @Test
    void shouldRejectAnUnknownProducerSettingByName() {
        assertThatThrownBy(() -> new KafkaSinkConfig("b:9092", "s", "t", "c", Map.of("lingr.ms", "5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown producer setting 'lingr.ms'");
    }

    @Test
    void shouldRejectSettingsTheAgentFixes() {
        assertThatThrownBy(() -> new KafkaSinkConfig("b:9092", "s", "t", "c", Map.of(ProducerConfig.ACKS_CONFIG, "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acks' is fixed");
    }

    @Test
    void shouldDefaultToTheLocalBrokerAndTheDesignTopics() {
        KafkaSinkConfig config = KafkaSinkConfig.defaults();

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.samplesTopic()).isEqualTo("overlaywatch.samples");
        assertThat(config.stepsTopic()).isEqualTo("overlaywatch.steps");
        assertThat(config.countersTopic()).isEqualTo("overlaywatch.counters");
    }

    @Test
    void shouldChangeOneTopicAtATime() {
        KafkaSinkConfig config = KafkaSinkConfig.of("b:9092").withTopics("s", "t").withCountersTopic("c");

        assertThat(config).isEqualTo(new KafkaSinkConfig("b:9092", "s", "t", "c", Map.of()));
        assertThatThrownBy(() -> config.withCountersTopic(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("counters topic must not be blank");
    }

    @Test
    void shouldKeyACounterByNodeSourceNameAndSortedLabels() {
        Counter counter = new Counter(1, 1_795_684_386_000L, "run-1", "node-b", "cilium", "cilium_drop_count_total",
                Map.of("reason", "Policy denied", "direction", "INGRESS"), 26_328);
        Counter unlabelled = new Counter(1, 1_795_684_386_000L, "run-2", "node-b", "snmp", "Udp_RcvbufErrors",
                Map.of(), 6_331);

        assertThat(KafkaRecordSink.keyOf(counter)).isEqualTo("node-b|cilium|cilium_drop_count_total|direction=INGRESS,reason=Policy denied");
        // The run is not part of the key: a live counter keeps its partition across runs.
        assertThat(KafkaRecordSink.keyOf(unlabelled)).isEqualTo("node-b|snmp|Udp_RcvbufErrors|");
    }

    @Test
    void shouldBufferTenThousandRecordsByDefaultAndRejectAnEmptyBuffer(@TempDir Path dir) {
        KafkaSinkConfig config = KafkaSinkConfig.of("b:9092");

        assertThat(config.bufferRecords()).isEqualTo(KafkaSinkConfig.DEFAULT_BUFFER_RECORDS).isEqualTo(10_000);
        assertThat(config.withBuffer(5, dir)).extracting(KafkaSinkConfig::bufferRecords, KafkaSinkConfig::spillDir)
                .containsExactly(5, dir);
        assertThatThrownBy(() -> config.withBuffer(0, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buffer records must be at least 1, was 0");
    }
}
