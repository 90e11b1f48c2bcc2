package io.overlaywatch.jobs.security;

import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.JobMain;
import io.overlaywatch.jobs.KafkaPreflight;
import io.overlaywatch.jobs.KafkaSecurity;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The job against a real broker that takes only SASL_PLAINTEXT with SCRAM-SHA-512 on its listener. */
class KafkaScramITCase {

    private static final String USER = "overlaywatch";
    // Quotes and a backslash: the JAAS line must carry them escaped.
    private static final String PASSWORD = "s3cr\"et\\pass";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path dir;
    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.startWithScram(dir.resolve("kafka"));
        kafka.addScramUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, String> settings(String id, Path passwordFile) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", kafka.saslBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.sasl.username", USER,
                "kafka.sasl.password-file", passwordFile.toString(),
                "kafka.startup-timeout", "5 s"));
        settings.putAll(Map.of("kafka.topic.samples", "samples-" + id, "kafka.topic.steps", "steps-" + id,
                "kafka.topic.counters", "counters-" + id, "kafka.topic.deadletter", "deadletter-" + id,
                "kafka.group-id", "it-" + id, "kafka.bounded", "true", "checkpoint.interval", "1 s"));
        return settings;
    }

    @Test
    void shouldReadAndDeadLetterThroughSaslScram() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(2, "samples-" + id, "steps-" + id, "counters-" + id, "deadletter-" + id);
        Path passwordFile = Files.writeString(dir.resolve("password-" + id), PASSWORD + "\n");
        Configuration conf = JobConfig.load(null, settings(id, passwordFile));
        Properties client = KafkaSecurity.properties(conf);
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.saslBootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("samples-" + id, "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThatCode(() -> KafkaPreflight.check(conf)).doesNotThrowAnyException();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        new ThroughputJob(ThroughputJob.kafkaSource(conf), ThroughputJob.deadLetterSink(conf), new DiscardingSink<>(),
                ThroughputJob.alertSink(conf), conf).execute(env);

        client.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + id);
        client.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("deadletter-" + id));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.add((DeadLetter) WireCodec.decode(r.value()).record());
                }
            }
        }
        assertThat(letters).singleElement().satisfies(l -> assertThat(l.reason()).startsWith("not JSON"));
    }

    @Test
    void shouldStopAtStartWithAClearErrorWhenThePasswordIsWrong() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path wrong = Files.writeString(dir.resolve("wrong-" + id), "not-the-password");
        List<String> args = new ArrayList<>();
        settings(id, wrong).forEach((key, value) -> {
            args.add("--set");
            args.add(key + "=" + value);
        });
        StringWriter err = new StringWriter();

        int code = new CommandLine(new JobMain()).setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("Kafka at " + kafka.saslBootstrapServers() + " refused the login of kafka.sasl.username '"
                        + USER + "'")
                .contains("invalid credentials")
                .doesNotContain("not-the-password");
    }
}
