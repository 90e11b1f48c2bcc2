package io.overlaywatch.jobs.security;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.KafkaSecurity;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole run of the job with an InfluxDB token and a Kafka SCRAM password, both read from files, with every
 * log4j message down to DEBUG captured: neither secret appears in the log, while the run did log and write.
 */
class SecretsNotLoggedITCase {

    private static final String TOKEN = "influx-token-" + UUID.randomUUID();
    private static final String PASSWORD = "kafka-password-" + UUID.randomUUID();

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
        kafka = LocalKafka.startWithScram(dir.resolve("kafka"));
        kafka.addScramUser("job", PASSWORD);
        influx = LocalInfluxDb.start(dir.resolve("influx"));
    }

    @AfterAll
    static void stopServices() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldNeverLogTheInfluxTokenNorTheKafkaPassword() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(2, "samples-" + id, "steps-" + id, "counters-" + id, "deadletter-" + id, "alerts-" + id);
        influx.createDatabase("db_" + id);
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", kafka.saslBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.username", "job",
                "kafka.sasl.password-file", Files.writeString(dir.resolve("password"), PASSWORD).toString(),
                "influx.url", influx.url(),
                "influx.database", "db_" + id,
                "influx.token-file", Files.writeString(dir.resolve("token"), TOKEN + "\n").toString()));
        settings.putAll(Map.of("kafka.topic.samples", "samples-" + id, "kafka.topic.steps", "steps-" + id,
                "kafka.topic.counters", "counters-" + id, "kafka.topic.deadletter", "deadletter-" + id,
                "kafka.topic.alerts", "alerts-" + id, "kafka.group-id", "it-" + id, "kafka.bounded", "true",
                "checkpoint.interval", "1 s"));
        String text;
        try (CapturedLogs logs = new CapturedLogs()) {
            Configuration conf = JobConfig.load(null, settings);
            Properties client = KafkaSecurity.properties(conf);
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.saslBootstrapServers());
            Sample s = sample(step("run-" + id, Protocol.TCP, 0, 1, 1), Side.SENDER, "a", 0, 1e9, 0);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("samples-" + id, s.partitionKey().getBytes(StandardCharsets.UTF_8),
                        WireCodec.encode(s))).get();
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            ThroughputJob.fromConfiguration(conf).execute(env);
            text = logs.text();
        }

        assertThat(new InfluxQuery(influx.url(), "db_" + id, TOKEN)
                .rows("SELECT count(bps) FROM iperf_interval WHERE run = 'run-" + id + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 1L));
        // The run logged plenty at DEBUG, the Kafka clients' settings among it (with the JAAS line hidden).
        assertThat(text).contains("sasl.jaas.config = [hidden]").contains("DEBUG");
        assertThat(text).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
}
