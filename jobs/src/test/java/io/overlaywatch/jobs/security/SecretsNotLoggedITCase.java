package io.overlaywatch.jobs.security;

import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.JobTestBed.JobTopics;
import io.overlaywatch.jobs.JobTestBed;
import io.overlaywatch.jobs.KafkaSecurity;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    static final MiniClusterExtension FLINK = JobTestBed.miniCluster(new Configuration());
    @RegisterExtension
    static final JobTestBed SERVICES = JobTestBed.withScram();

    @Test
    void shouldNeverLogTheInfluxTokenNorTheKafkaPassword() throws Exception {
        LocalKafka kafka = SERVICES.kafka();
        kafka.addScramUser("job", PASSWORD);
        JobTopics topics = SERVICES.newTopics("");
        Map<String, String> settings = SERVICES.settings(topics);
        settings.putAll(Map.of(
                "kafka.bootstrap-servers", kafka.saslBootstrapServers(),
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.username", "job",
                "kafka.sasl.password-file", Files.writeString(SERVICES.dir().resolve("password"), PASSWORD).toString(),
                "influx.token-file", Files.writeString(SERVICES.dir().resolve("token"), TOKEN + "\n").toString()));
        String text;
        try (CapturedLogs logs = new CapturedLogs()) {
            Configuration conf = JobConfig.load(null, settings);
            Properties client = KafkaSecurity.properties(conf);
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.saslBootstrapServers());
            Sample s = sample(step(topics.run(), Protocol.TCP, 0, 1, 1), Side.SENDER, "a", 0, 1e9, 0);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.samples(), s.partitionKey().getBytes(StandardCharsets.UTF_8),
                        WireCodec.encode(s))).get();
            }
            ThroughputJob.fromConfiguration(conf).execute(JobTestBed.environment(conf));
            text = logs.text();
        }

        assertThat(new InfluxQuery(SERVICES.influx().url(), topics.database(), TOKEN)
                .rows("SELECT count(bps) FROM iperf_interval WHERE run = '" + topics.run() + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 1L));
        // The run logged plenty at DEBUG, the Kafka clients' settings among it (with the JAAS line hidden).
        assertThat(text).contains("sasl.jaas.config = [hidden]").contains("DEBUG");
        assertThat(text).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
}
