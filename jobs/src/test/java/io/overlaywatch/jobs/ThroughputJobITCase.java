package io.overlaywatch.jobs;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The whole job on a MiniCluster, between a real Kafka broker and a real InfluxDB 1.x. */
class ThroughputJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path dir;
    private static LocalKafka kafka;
    private static LocalInfluxDb influx;

    @BeforeAll
    static void startServices() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        influx = LocalInfluxDb.start(dir.resolve("influx"));
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldWriteStepSummariesAndRawIntervalsAndDeadLetterBadRecords() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String samples = "samples-" + id;
        String steps = "steps-" + id;
        String deadletter = "deadletter-" + id;
        String counters = "counters-" + id;
        String database = "db_" + id;
        kafka.createTopics(2, samples, steps, deadletter, counters);
        influx.createDatabase(database);

        StepKey tcp = step("run-" + id, Protocol.TCP, 0, 1, 2);
        StepKey udp = step("run-" + id, Protocol.UDP, 1, 1, 1);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        double[] a = {10e9, 20e9, 30e9};
        double[] b = {2e9, 4e9, 6e9};
        for (int i = 0; i < 3; i++) {
            records.add(record(samples, sample(tcp, Side.SENDER, "a", i, a[i], 0)));
            records.add(record(samples, sample(tcp, Side.SENDER, "b", i, b[i], 50)));
            records.add(record(samples, sample(udp, Side.RECEIVER, "u", i + 10, 400e6 + i * 100e6, 0)));
        }
        records.add(record(steps, end(tcp, T0 + 3500)));
        records.add(record(steps, end(udp, T0 + 13500)));
        records.add(record(counters, new Counter(WireRecord.VERSION, T0 + 500, "run-" + id, "node-b", "netdev",
                "rx_dropped", Map.of("interface", "eth0"), 42)));
        String valid = WireCodec.encodeToString(sample(tcp, Side.SENDER, "a", 7, 1e9, 0));
        records.add(raw(samples, "this is not json"));
        records.add(raw(samples, valid.replace("\"v\":1", "\"v\":7")));
        records.add(raw(samples, valid.replace("\"bytes\":125000000", "\"bytes\":-1")));
        produce(records);

        Configuration conf = JobConfig.load(null, Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic.samples", samples,
                "kafka.topic.steps", steps,
                "kafka.topic.deadletter", deadletter,
                "kafka.topic.counters", counters,
                "kafka.group-id", "it-" + id,
                "kafka.bounded", "true",
                "influx.url", influx.url(),
                "influx.database", database,
                "checkpoint.interval", "1 s"));
        conf.set(PipelineOptions.GENERIC_TYPES, false); // proves every record type is a POJO, never Kryo
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);

        ThroughputJob.fromConfiguration(conf).execute(env);

        InfluxQuery query = new InfluxQuery(influx.url(), database, "");
        List<Map<String, Object>> summaries = query.rows(
                "SELECT * FROM step_summary WHERE run = 'run-" + id + "'");
        summaries.sort(Comparator.comparing(row -> (String) row.get("protocol")));
        assertThat(summaries).hasSize(2);
        Map<String, Object> t = summaries.get(0);
        assertThat(t).containsEntry("protocol", "tcp").containsEntry("side", "sender")
                .containsEntry("pods", "2").containsEntry("streams", 2L).containsEntry("samples", 6L)
                .containsEntry("closed_by_marker", true).containsEntry("time", T0 + 3050);
        assertThat(number(t, "mean_bps")).isCloseTo(12e9, within(1.0));
        assertThat(number(t, "cumulative_mean_bps")).isCloseTo(24e9, within(1.0));
        assertThat(number(t, "min_bps")).isEqualTo(2e9);
        assertThat(number(t, "max_bps")).isEqualTo(30e9);
        Map<String, Object> u = summaries.get(1);
        assertThat(u).containsEntry("protocol", "udp").containsEntry("side", "receiver")
                .containsEntry("samples", 3L);
        assertThat(number(u, "mean_bps")).isCloseTo(500e6, within(1.0));

        assertThat(query.rows("SELECT count(bps) FROM iperf_interval WHERE run = 'run-" + id + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 9L));
        assertThat(query.rows("SELECT bps FROM throughput_interval WHERE run = 'run-" + id
                + "' AND protocol = 'tcp'")).extracting(row -> number(row, "bps")).containsExactly(12e9, 24e9, 36e9);

        assertThat(query.rows("SELECT value FROM counter WHERE run = 'run-" + id + "' AND \"interface\" = 'eth0'"
                + " AND counter = 'rx_dropped'")).singleElement()
                .satisfies(row -> assertThat(number(row, "value")).isEqualTo(42));

        assertThat(query.rows("SELECT * FROM run_summary WHERE run = 'run-" + id + "'"))
                .extracting(row -> row.get("protocol")).containsExactlyInAnyOrder("tcp", "udp");

        List<DeadLetter> letters = consumeDeadLetters(deadletter, 3);
        assertThat(letters).extracting(DeadLetter::reason).anySatisfy(r -> assertThat(r).startsWith("not JSON"))
                .anySatisfy(r -> assertThat(r).contains("unknown schema version v=7"))
                .anySatisfy(r -> assertThat(r).contains("bytes must not be negative"));
        assertThat(letters).allSatisfy(l -> assertThat(l.topic()).isEqualTo(samples));
        assertThat(new String(java.util.Base64.getDecoder().decode(letters.stream()
                .filter(l -> l.reason().startsWith("not JSON")).findFirst().orElseThrow().rawBase64()),
                StandardCharsets.UTF_8)).isEqualTo("this is not json");
    }

    /** InfluxDB's JSON writes a float field with a whole value as an integer. */
    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, WireRecord record) {
        byte[] key = record instanceof Sample s ? s.partitionKey().getBytes(StandardCharsets.UTF_8) : null;
        return new ProducerRecord<>(topic, null, record.time(), key, WireCodec.encode(record));
    }

    private static ProducerRecord<byte[], byte[]> raw(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        }
    }

    private static List<DeadLetter> consumeDeadLetters(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decoded decoded = WireCodec.decode(r.value());
                    assertThat(decoded.reason()).isNull();
                    letters.add((DeadLetter) decoded.record());
                }
            }
        }
        assertThat(letters).hasSize(expected);
        return letters;
    }
}
