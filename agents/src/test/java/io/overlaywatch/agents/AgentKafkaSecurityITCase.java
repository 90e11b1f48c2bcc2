package io.overlaywatch.agents;

import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.SaslLogin;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's command line, on the agent's runtime, against a real broker whose listener takes only SASL_PLAINTEXT
 * with SCRAM-SHA-512.
 */
@Timeout(120)
class AgentKafkaSecurityITCase {

    private static final String USER = "agent";
    private static final String PASSWORD = "agent-" + UUID.randomUUID();

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

    /** What one run printed on stderr, and its exit code. */
    private record Run(int exitCode, String err) {
    }

    /** The agent as its own JVM on the agent's runtime: SASL and its login modules must be among its modules. */
    private static Run run(String... args) throws Exception {
        Path err = Files.createTempFile(dir, "agent", ".err");
        Process agent = new ProcessBuilder(AgentRuntime.command(AgentMain.class, List.of(args)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        try {
            assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as("the agent exits").isTrue();
            return new Run(agent.exitValue(), Files.readString(err));
        } finally {
            agent.destroyForcibly();
        }
    }

    private static Run client(String samples, Path passwordFile, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("client", "--server", FreePorts.LOOPBACK,
                "--port", Integer.toString(FreePorts.next()), "--iperf3", "/usr/bin/iperf3", "--run", "sasl-it",
                "--bootstrap-servers", kafka.saslBootstrapServers(), "--samples-topic", samples,
                "--security-protocol", "SASL_PLAINTEXT", "--sasl-mechanism", "SCRAM-SHA-512",
                "--sasl-username", USER, "--sasl-password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void shouldProduceThroughSaslScramWithThePasswordFromAFile() throws Exception {
        String samples = "samples-" + UUID.randomUUID();
        kafka.createTopics(1, samples);
        Path password = Files.writeString(dir.resolve("password"), PASSWORD + "\n");

        Run run = client(samples, password);

        // No iperf3 server listens: the agent reports that as a probe error, delivered over SASL.
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(readOverSasl(samples)).singleElement().isInstanceOfSatisfying(ProbeError.class,
                e -> assertThat(e.reason()).contains("Connection refused"));
        assertThat(run.err()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldStopWithAClearErrorAndExitTwoWhenThePasswordIsWrong() throws Exception {
        String samples = "samples-" + UUID.randomUUID();
        kafka.createTopics(1, samples);
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password");

        Run run = client(samples, wrong);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Kafka at " + kafka.saslBootstrapServers() + " refused the login of '" + USER
                        + "' (check --sasl-username, --sasl-mechanism and the password in --sasl-password-file")
                .contains("invalid credentials").doesNotContain("not-the-password");
    }

    @Test
    void shouldNameTheBrokerThatDoesNotAnswerAtStartAndExitTwo() throws Exception {
        String nobody = FreePorts.LOOPBACK + ":" + FreePorts.next();
        Path producer = Files.writeString(dir.resolve("producer.properties"), "max.block.ms=1000\n");

        Run run = run("client", "--server", FreePorts.LOOPBACK, "--iperf3", "/usr/bin/iperf3",
                "--bootstrap-servers", nobody, "--config", producer.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Kafka at " + nobody + " did not answer at start (check --bootstrap-servers)");
    }

    @Test
    void shouldRequireAPasswordFromAFileOrTheEnvironment() throws Exception {
        Run run = run("client", "--server", FreePorts.LOOPBACK, "--iperf3", "/usr/bin/iperf3",
                "--security-protocol", "SASL_PLAINTEXT", "--sasl-username", USER);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("SASL needs a password from a file or OVERLAYWATCH_KAFKA_PASSWORD");
    }

    private static List<WireRecord> readOverSasl(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.saslBootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, SaslLogin.jaasConfig("SCRAM-SHA-512", USER, PASSWORD),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<WireRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(WireCodec.decode(r.value()).record()));
            }
        }
        return records;
    }
}
