package io.overlaywatch.jobs.badinput;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.badinput.MalformedRecords.Malformed;
import io.overlaywatch.jobs.functions.RejectCategory;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The malformed corpus sent to the real topics of a running ThroughputJob (MiniCluster, real Kafka, real
 * InfluxDB), next to a valid step whose samples are sent twice: every malformed record and every second copy
 * lands in the dead-letter topic with its reason, counted under its category, the step counts each sample once,
 * and the job never restarts.
 */
class MalformedInputITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

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
    void shouldDeadLetterEveryMalformedRecordWithItsReasonCountItByReasonAndNeverRestart() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Map<MalformedRecords.Topic, String> topics = Map.of(MalformedRecords.Topic.SAMPLES, "samples-" + id,
                MalformedRecords.Topic.STEPS, "steps-" + id, MalformedRecords.Topic.COUNTERS, "counters-" + id);
        String deadletter = "deadletter-" + id;
        String database = "db_" + id;
        kafka.createTopics(2, topics.get(MalformedRecords.Topic.SAMPLES), topics.get(MalformedRecords.Topic.STEPS),
                topics.get(MalformedRecords.Topic.COUNTERS), deadletter);
        influx.createDatabase(database);

        String run = "run-" + id;
        StepKey tcp = step(run, Protocol.TCP, 0, 1, 2);
        List<Sample> valid = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            valid.add(sample(tcp, Side.SENDER, "a", i, (i + 1) * 10e9, 0));
            valid.add(sample(tcp, Side.SENDER, "b", i, (i + 1) * 2e9, 50));
        }
        Counter counter = new Counter(WireRecord.VERSION, T0 + 500, run, "node-b", "netdev", "rx_dropped",
                Map.of("interface", "eth0"), 42);
        Alert alert = new Alert(WireRecord.VERSION, T0 + 900, Alert.Type.REGRESSION, Alert.Status.FIRING,
                "policy/linear/tcp", run, 1e9, 2e9, -50, 0.001, "made up");
        List<Malformed> corpus = MalformedRecords.corpus(valid.get(0), end(tcp, T0 + 3500), counter, alert);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Sample s : valid) {
                send(producer, topics.get(MalformedRecords.Topic.SAMPLES), s);
            }
            // The same samples again: an agent that re-sent them. Same key, so after the originals.
            send(producer, topics.get(MalformedRecords.Topic.SAMPLES), valid.get(0));
            send(producer, topics.get(MalformedRecords.Topic.SAMPLES), valid.get(3));
            send(producer, topics.get(MalformedRecords.Topic.SAMPLES), valid.get(3));
            send(producer, topics.get(MalformedRecords.Topic.COUNTERS), counter);
            send(producer, topics.get(MalformedRecords.Topic.STEPS), end(tcp, T0 + 3500));
        }
        Map<String, Malformed> byPosition = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Malformed bad : corpus) {
                RecordMetadata at = producer.send(new ProducerRecord<>(topics.get(bad.topic()), bad.value())).get();
                byPosition.put(at.topic() + "/" + at.partition() + "/" + at.offset(), bad);
            }
        }
        int duplicates = 3;

        Configuration conf = JobConfig.load(null, Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic.samples", topics.get(MalformedRecords.Topic.SAMPLES),
                "kafka.topic.steps", topics.get(MalformedRecords.Topic.STEPS),
                "kafka.topic.counters", topics.get(MalformedRecords.Topic.COUNTERS),
                "kafka.topic.deadletter", deadletter,
                "kafka.group-id", "it-" + id,
                "kafka.bounded", "true",
                "influx.url", influx.url(),
                "influx.database", database,
                "checkpoint.interval", "1 s"));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A failure restarts the job (as on a cluster), so that a restart is seen in numRestarts, not hidden.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);

        JobExecutionResult result = ThroughputJob.fromConfiguration(conf).execute(env);

        List<DeadLetter> letters = consumeDeadLetters(deadletter, corpus.size() + duplicates);
        Map<RejectCategory, Integer> expected = new EnumMap<>(RejectCategory.class);
        for (DeadLetter letter : letters) {
            if (letter.partition() < 0) {
                assertThat(RejectCategory.of(letter.reason())).as(letter.reason()).isEqualTo(RejectCategory.DUPLICATE);
                assertThat(letter.reason()).startsWith("duplicate sample");
                Decoded copy = WireCodec.decode(Base64.getDecoder().decode(letter.rawBase64()));
                assertThat(copy.record()).isIn(valid.get(0), valid.get(3));
                expected.merge(RejectCategory.DUPLICATE, 1, Integer::sum);
                continue;
            }
            Malformed bad = byPosition.remove(letter.topic() + "/" + letter.partition() + "/" + letter.offset());
            assertThat(bad).as("a dead letter for a record that was not sent: %s", letter).isNotNull();
            assertThat(letter.reason()).as(bad.name()).contains(bad.reasonPart());
            assertThat(RejectCategory.of(letter.reason())).as("%s: %s", bad.name(), letter.reason())
                    .isEqualTo(bad.category());
            byte[] raw = Base64.getDecoder().decode(letter.rawBase64());
            if (raw.length == bad.value().length) {
                assertThat(raw).as(bad.name()).isEqualTo(bad.value());
            } else {
                // Too big to travel whole: the letter keeps the start and says so.
                assertThat(letter.reason()).as(bad.name()).contains("raw value cut");
                assertThat(raw).isEqualTo(Arrays.copyOf(bad.value(), raw.length));
            }
            expected.merge(bad.category(), 1, Integer::sum);
        }
        assertThat(byPosition).as("malformed records without a dead letter").isEmpty();
        assertThat(expected.get(RejectCategory.DUPLICATE)).isEqualTo(duplicates);

        // Each sample counted once: six samples of two streams, the mean as without the copies.
        InfluxQuery query = new InfluxQuery(influx.url(), database, "");
        assertThat(query.rows("SELECT * FROM step_summary WHERE run = '" + run + "'")).singleElement()
                .satisfies(row -> {
                    assertThat(row).containsEntry("samples", 6L).containsEntry("streams", 2L);
                    assertThat(((Number) row.get("mean_bps")).doubleValue()).isCloseTo(12e9, within(1.0));
                });
        assertThat(query.rows("SELECT count(bps) FROM iperf_interval WHERE run = '" + run + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 6L));

        List<Map.Entry<String, Metric>> metrics = jobMetrics(result.getJobID().toString());
        Map<RejectCategory, Long> counted = new EnumMap<>(RejectCategory.class);
        for (RejectCategory category : RejectCategory.values()) {
            counted.put(category, sum(metrics, ".reason." + category.metricName() + ".deadLetters"));
        }
        System.out.printf("malformed corpus: %d records + %d duplicate copies; dead letters by reason: %s%n",
                corpus.size(), duplicates, new TreeMap<>(counted));
        Map<RejectCategory, Long> expectedCounts = new EnumMap<>(RejectCategory.class);
        for (RejectCategory category : RejectCategory.values()) {
            expectedCounts.put(category, (long) expected.getOrDefault(category, 0));
        }
        assertThat(counted).isEqualTo(expectedCounts);
        assertThat(metrics.stream().filter(e -> e.getKey().matches(".*\\.validate and route\\.\\d+\\.deadLetters"))
                .mapToLong(e -> ((org.apache.flink.metrics.Counter) e.getValue()).getCount()).sum())
                .as("the total deadLetters counter").isEqualTo(corpus.size() + duplicates);
        assertThat(metrics).filteredOn(e -> e.getKey().endsWith(".numRestarts")).as("the job's restart count")
                .singleElement().satisfies(e -> assertThat(((Gauge<?>) e.getValue()).getValue()).isEqualTo(0L));
    }

    /** Every metric of the job by identifier (several subtasks may share one). */
    private static List<Map.Entry<String, Metric>> jobMetrics(String jobId) {
        List<Map.Entry<String, Metric>> metrics = new ArrayList<>();
        METRICS.getMetricsByGroup().forEach((group, byName) -> {
            if (jobId.equals(group.getAllVariables().get("<job_id>"))) {
                byName.forEach((name, metric) -> metrics.add(Map.entry(group.getMetricIdentifier(name), metric)));
            }
        });
        return metrics;
    }

    private static long sum(List<Map.Entry<String, Metric>> metrics, String suffix) {
        long total = 0;
        boolean found = false;
        for (Map.Entry<String, Metric> entry : metrics) {
            if (entry.getKey().endsWith(suffix) && entry.getValue() instanceof org.apache.flink.metrics.Counter c) {
                total += c.getCount();
                found = true;
            }
        }
        assertThat(found).as("a counter ending in %s among %s", suffix, metrics).isTrue();
        return total;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, WireRecord record) throws Exception {
        byte[] key = record instanceof Sample s ? s.partitionKey().getBytes(StandardCharsets.UTF_8) : null;
        producer.send(new ProducerRecord<>(topic, null, record.time(), key, WireCodec.encode(record))).get();
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
            // Past the expected count too, for a short while: one letter too many must fail the test.
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decoded decoded = WireCodec.decode(r.value());
                    assertThat(decoded.reason()).isNull();
                    letters.add((DeadLetter) decoded.record());
                }
                if (letters.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        assertThat(letters).hasSize(expected);
        return letters;
    }
}
