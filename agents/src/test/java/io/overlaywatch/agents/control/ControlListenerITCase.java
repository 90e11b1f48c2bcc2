package io.overlaywatch.agents.control;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.TopicRecords;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Two client agents read the control topic of a real broker: the one a command names runs the step against real
 * iperf3 and acknowledges it on the steps topic; the other stays out; bad records on the topic are skipped. Restarted,
 * a client does not run a step that is over again, and no client leaves a consumer group on the broker.
 */
@Timeout(120)
class ControlListenerITCase {

    private static final String IPERF3 = "/usr/bin/iperf3";

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

    @Test
    void shouldRunTheCommandedStepOnTheNamedClientAndAcknowledgeIt() throws Exception {
        String id = UUID.randomUUID().toString();
        String control = "control-" + id;
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withTopics("samples-" + id, "steps-" + id);
        kafka.createTopics(1, control, config.samplesTopic(), config.stepsTopic());
        int port = FreePorts.next();
        StepKey step = new StepKey("sweep-" + id, Scenario.POLICY, "calico-v3.27.0", Protocol.TCP, 1, 10, 1, 1);
        // Sent before the clients start: a client reads its control topic from the beginning on every start. The
        // start leaves time for both clients to start reading on a busy machine.
        send(control, "not json".getBytes(StandardCharsets.UTF_8));
        send(control, WireCodec.encode(new StepCommand(WireRecord.VERSION, System.currentTimeMillis(), step,
                System.currentTimeMillis() + 8_000, 2, 0, 1, 0, List.of("client-0"))));

        try (KafkaRecordSink sink = new KafkaRecordSink(config);
             var server = Iperf3Probe.server(labels("server-0"), sink).binary(IPERF3).port(port)
                     .bind(FreePorts.LOOPBACK).waitForClient(Duration.ofSeconds(60)).start()) {
            ControlListener named = listener(config, control, "client-0", port, sink);
            ControlListener other = listener(config, control, "client-1", port, sink);
            named.requireTopic(kafka.bootstrapServers());
            CompletableFuture<Void> namedRun = CompletableFuture.runAsync(() -> runQuietly(named));
            CompletableFuture<Void> otherRun = CompletableFuture.runAsync(() -> runQuietly(other));

            List<WireRecord> steps = read(config.stepsTopic(), r -> r.stream().anyMatch(a -> a instanceof StepAck ack
                    && ack.status() == StepAck.Status.DONE));
            named.stop();
            other.stop();
            namedRun.get(60, TimeUnit.SECONDS);
            otherRun.get(60, TimeUnit.SECONDS);

            assertThat(steps).map(StepAck.class::cast).extracting(StepAck::clientPod, StepAck::status)
                    .containsExactly(tuple("client-0", StepAck.Status.ACCEPTED), tuple("client-0", StepAck.Status.DONE));
            Predicate<WireRecord> fromClient = r -> r instanceof Sample s && s.clientPod().equals("client-0");
            List<WireRecord> samples = read(config.samplesTopic(), r -> r.stream().anyMatch(fromClient));
            assertThat(samples).filteredOn(fromClient).isNotEmpty().map(Sample.class::cast)
                    .allSatisfy(s -> assertThat(s.step()).isEqualTo(step));

            // Restarted, the client reads the topic from the beginning again: the step that is over stays over. A
            // command after it, 10 s late, shows the restarted client has read that far: it fails at once.
            StepKey late = new StepKey("sweep-" + id, Scenario.POLICY, "calico-v3.27.0", Protocol.TCP, 2, 10, 1, 1);
            send(control, WireCodec.encode(new StepCommand(WireRecord.VERSION, System.currentTimeMillis(), late,
                    System.currentTimeMillis() - 10_000, 30, 0, 1, 0, List.of("client-0"))));
            ControlListener restarted = listener(config, control, "client-0", port, sink);
            CompletableFuture<Void> restartedRun = CompletableFuture.runAsync(() -> runQuietly(restarted));
            List<WireRecord> afterRestart = read(config.stepsTopic(), r -> r.stream().anyMatch(
                    a -> a instanceof StepAck ack && ack.step().equals(late)));
            restarted.stop();
            restartedRun.get(60, TimeUnit.SECONDS);

            assertThat(afterRestart).map(StepAck.class::cast).extracting(StepAck::step, StepAck::status)
                    .containsExactly(tuple(step, StepAck.Status.ACCEPTED), tuple(step, StepAck.Status.DONE),
                            tuple(late, StepAck.Status.FAILED));
            // Nothing of the clients is left on the brokers.
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS)).isEmpty();
            }
        }
    }

    @Test
    void shouldNameTheMissingControlTopic() throws Exception {
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers());
        try (KafkaRecordSink sink = new KafkaRecordSink(config);
             ControlListener listener = listener(config, "no-such-" + UUID.randomUUID(), "client-0", 5201, sink)) {
            assertThatThrownBy(() -> listener.requireTopic(kafka.bootstrapServers()))
                    .hasMessageContaining("no-such-").hasMessageContaining(kafka.bootstrapServers());
        }
    }

    private static ControlListener listener(KafkaSinkConfig config, String topic, String clientPod, int port,
                                            KafkaRecordSink sink) {
        StepCommandRunner runner = new StepCommandRunner(clientPod, command -> Iperf3Probe.client(FreePorts.LOOPBACK,
                labels(clientPod).withStep(command.step()), sink).binary(IPERF3).port(port)
                .timeSeconds(command.durationSeconds()).build(), sink, System::currentTimeMillis);
        return new ControlListener(config.idleConsumerProperties(), topic, runner);
    }

    private static ProbeLabels labels(String pod) {
        return new ProbeLabels(new StepKey("unused", Scenario.LIVE, "unknown", Protocol.TCP, 0, 0, 1, 1),
                pod, "server-0", "worker-1", "worker-2", null, null);
    }

    private static void runQuietly(ControlListener listener) {
        try {
            listener.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(String topic, byte[] value) throws Exception {
        TopicRecords.send(kafka.bootstrapServers(), topic, value);
    }

    private static List<WireRecord> read(String topic, Predicate<List<WireRecord>> done) {
        return TopicRecords.readUntil(kafka.bootstrapServers(), topic, done, Duration.ofSeconds(60));
    }
}
