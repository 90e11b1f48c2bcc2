package io.overlaywatch.agents.sink;

import io.overlaywatch.agents.counters.CounterCollector;
import io.overlaywatch.agents.counters.CounterSource;
import io.overlaywatch.agents.counters.ProcNetDevParser;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A real KRaft broker: what the sink sends is what a consumer reads back, keyed and stamped. */
@Timeout(120)
class KafkaRecordSinkITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Iperf3Interval interval(String stream, double start, long bytes) {
        return new Iperf3Interval(1, 1_700_000_000_000L + (long) (start * 1000) + 1000, Protocol.TCP, Side.SENDER,
                stream, false, start, start + 1, false, bytes, bytes * 8.0, 3L, 65_536L, null, null, null, null);
    }

    @Test
    void shouldDeliverSamplesAndErrorsKeyedAndStampedAndMarkersToTheStepsTopic() throws Exception {
        String samplesTopic = "samples-" + UUID.randomUUID();
        String stepsTopic = "steps-" + UUID.randomUUID();
        kafka.createTopics(3, samplesTopic, stepsTopic);
        StepKey step = new StepKey("it-sink", Scenario.DEMO, "loopback", Protocol.TCP, 0, 0, 1, 1);
        ProbeLabels labels = new ProbeLabels(step, "client-0", "server-0", "node-a", "node-b", "cubic", null);
        List<WireRecord> samples = List.of(
                labels.toSample(interval("127.0.0.1:1000-127.0.0.1:5201", 0, 1_000)),
                labels.toSample(interval("127.0.0.1:1001-127.0.0.1:5201", 0, 2_000)),
                labels.toSample(interval("127.0.0.1:1000-127.0.0.1:5201", 1, 3_000)),
                labels.toSample(interval("127.0.0.1:1001-127.0.0.1:5201", 1, 4_000)),
                labels.toError(1_700_000_003_000L, "iperf3: error - the server is busy running a test", 1));

        List<StepMarker> markers = new ArrayList<>();
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withTopics(samplesTopic, stepsTopic);
        try (KafkaRecordSink sink = new KafkaRecordSink(config)) {
            StepMarkers stepMarkers = new StepMarkers(sink);
            markers.add(stepMarkers.start(step, Duration.ofSeconds(2)));
            samples.forEach(sink::send);
            markers.add(stepMarkers.end(step, Duration.ofSeconds(2)));
            sink.flush();

            assertThat(sink.acknowledged()).isEqualTo(7);
            assertThat(sink.failed()).isZero();
        }

        List<ConsumerRecord<byte[], byte[]>> onSamples = readAll(samplesTopic, samples.size());
        assertThat(onSamples).hasSize(samples.size());
        for (ConsumerRecord<byte[], byte[]> record : onSamples) {
            Decoded decoded = WireCodec.decode(record.value());
            assertThat(decoded.reason()).isNull();
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(KafkaRecordSink.keyOf(decoded.record()));
            assertThat(record.timestamp()).isEqualTo(decoded.record().time());
        }
        assertThat(onSamples).extracting(r -> WireCodec.decode(r.value()).record())
                .containsExactlyInAnyOrderElementsOf(samples);
        // One stream's samples share a key, hence a partition, and arrive in the order they were sent.
        assertThat(onSamples).filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).endsWith("1000-127.0.0.1:5201"))
                .extracting(r -> WireCodec.decode(r.value()).record())
                .containsExactly(samples.get(0), samples.get(2));

        List<ConsumerRecord<byte[], byte[]>> onSteps = readAll(stepsTopic, 2);
        assertThat(onSteps).extracting(r -> WireCodec.decode(r.value()).record()).containsExactlyElementsOf(markers);
        assertThat(onSteps).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly("it-sink");
    }

    @Test
    void shouldDeliverCountersToTheCountersTopicWithOneCountersReadingsInOrder() throws Exception {
        String countersTopic = "counters-" + UUID.randomUUID();
        kafka.createTopics(3, countersTopic);
        // Three rounds of a collector whose fake source counts up, as /proc/net/dev does.
        AtomicLong round = new AtomicLong();
        CounterSource netdev = new CounterSource("netdev", "fake", () -> {
            long n = round.incrementAndGet();
            return "    lo: " + (100 * n) + " " + n + " 0 0 0 0 0 0 " + (100 * n) + " " + n + " 0 0 0 0 0 0\n"
                    + "  eth0: " + (5_000 * n) + " " + (4 * n) + " 0 " + n + " 0 0 0 0 7 1 0 0 0 0 0 0\n";
        }, ProcNetDevParser.defaults());
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withCountersTopic(countersTopic);
        List<Counter> sent = new ArrayList<>();
        try (KafkaRecordSink sink = new KafkaRecordSink(config)) {
            CounterCollector collector = new CounterCollector("it-counters", "owtest-a", List.of(netdev), sink,
                    () -> 1_700_000_000_000L + round.get() * 1_000);
            for (int i = 0; i < 3; i++) {
                sent.addAll(collector.collectOnce());
            }
            sink.flush();

            assertThat(sink.acknowledged()).isEqualTo(48);
            assertThat(sink.failed()).isZero();
        }

        List<ConsumerRecord<byte[], byte[]>> onCounters = readAll(countersTopic, sent.size());
        assertThat(onCounters).hasSize(48);
        for (ConsumerRecord<byte[], byte[]> record : onCounters) {
            Decoded decoded = WireCodec.decode(record.value());
            assertThat(decoded.reason()).isNull();
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(KafkaRecordSink.keyOf(decoded.record()));
            assertThat(record.timestamp()).isEqualTo(decoded.record().time());
        }
        assertThat(onCounters).extracting(r -> WireCodec.decode(r.value()).record()).containsExactlyInAnyOrderElementsOf(sent);
        // One counter's readings share a key, hence a partition, and arrive in the order they were read.
        assertThat(onCounters).filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8)
                        .equals("owtest-a|netdev|rx_dropped|interface=eth0"))
                .extracting(r -> ((Counter) WireCodec.decode(r.value()).record()).value())
                .containsExactly(1.0, 2.0, 3.0);
        assertThat(onCounters.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(1);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
