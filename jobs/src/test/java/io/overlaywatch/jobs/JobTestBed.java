package io.overlaywatch.jobs;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job test class runs the job between: a real Kafka broker and a real InfluxDB, started before the class's
 * first test and closed after its last (register it as a static {@code @RegisterExtension} field), and for each job
 * a test runs, fresh topics and a fresh database.
 */
public final class JobTestBed implements BeforeAllCallback, AfterAllCallback {

    private final boolean scram;
    private Path dir;
    private LocalKafka kafka;
    private LocalInfluxDb influx;

    private JobTestBed(boolean scram) {
        this.scram = scram;
    }

    public static JobTestBed plain() {
        return new JobTestBed(false);
    }

    /** The broker also listens for SASL/SCRAM clients ({@link LocalKafka#saslBootstrapServers()}). */
    public static JobTestBed withScram() {
        return new JobTestBed(true);
    }

    /** Flink for a test class: one task manager with two slots, for jobs of parallelism 2. */
    public static MiniClusterExtension miniCluster(Configuration conf) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2).setConfiguration(conf).build());
    }

    /** Where a test runs a job: the class's MiniCluster, parallelism 2. */
    public static StreamExecutionEnvironment environment(Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("overlaywatch-" + context.getRequiredTestClass().getSimpleName());
        kafka = scram ? LocalKafka.startWithScram(dir.resolve("kafka")) : LocalKafka.start(dir.resolve("kafka"));
        influx = LocalInfluxDb.start(dir.resolve("influx"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalInfluxDb influx() {
        return influx;
    }

    /** A folder that lives as long as the class's services. */
    public Path dir() {
        return dir;
    }

    /**
     * Creates the topics of one job (two partitions each) and its database.
     *
     * @param prefix starts the id, to tell a test's jobs apart in logs
     */
    public JobTopics newTopics(String prefix) throws Exception {
        JobTopics topics = new JobTopics(prefix + UUID.randomUUID().toString().substring(0, 8));
        kafka.createTopics(2, topics.samples(), topics.steps(), topics.counters(), topics.deadletter(),
                topics.alerts());
        influx.createDatabase(topics.database());
        return topics;
    }

    /**
     * The job's settings for these topics and this database, to add to or override: bounded input read by a group
     * of its own, a checkpoint every second.
     */
    public Map<String, String> settings(JobTopics topics) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("kafka.topic.samples", topics.samples());
        settings.put("kafka.topic.steps", topics.steps());
        settings.put("kafka.topic.counters", topics.counters());
        settings.put("kafka.topic.deadletter", topics.deadletter());
        settings.put("kafka.topic.alerts", topics.alerts());
        settings.put("kafka.group-id", "it-" + topics.id());
        settings.put("kafka.bounded", "true");
        settings.put("influx.url", influx.url());
        settings.put("influx.database", topics.database());
        settings.put("checkpoint.interval", "1 s");
        return settings;
    }

    /**
     * The dead letters on {@code topic}, which must be exactly {@code expected}: read for up to 30 s until there are
     * as many, then for one second more, so that one letter too many fails the test too.
     */
    public List<DeadLetter> deadLetters(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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

    /** The names of one job's topics and database, all ending in its {@code id}. */
    public record JobTopics(String id) {
        public String samples() {
            return "samples-" + id;
        }

        public String steps() {
            return "steps-" + id;
        }

        public String counters() {
            return "counters-" + id;
        }

        public String deadletter() {
            return "deadletter-" + id;
        }

        public String alerts() {
            return "alerts-" + id;
        }

        public String database() {
            return "db_" + id;
        }

        /** The run id the tests give this job's records. */
        public String run() {
            return "run-" + id;
        }
    }
}
