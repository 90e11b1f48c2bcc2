package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.AgentRuntime;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C in the middle of a step: the driver runs as its own process against the mock API server and a real broker,
 * gets SIGTERM while it waits for its clients, and its shutdown hook removes the run's policies and scales the
 * Deployments back before the process ends.
 */
@Timeout(180)
class SweepShutdownITCase {

    private static final String NAMESPACE = "overlaywatch-bench";

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dataDir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCleanUpWhenStoppedInTheMiddleOfAStep() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String control = "control-" + suffix;
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withTopics("samples-" + suffix,
                "steps-" + suffix);
        kafka.createTopics(1, control);
        kafka.createTopics(3, config.samplesTopic(), config.stepsTopic());
        String run = "term-" + suffix.substring(0, 8);
        try (MockCluster cluster = new MockCluster()) {
            cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName("overlaywatch-client").scale(2);
            cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName("overlaywatch-server").scale(2);
            Path kubeconfig = dataDir.resolve("kubeconfig");
            Files.writeString(kubeconfig, cluster.kubeconfig(NAMESPACE));
            Path log = dataDir.resolve("sweep.log");
            try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
                 // Clients that take the command and never answer: the driver waits in the step.
                 FakeClientAgents clients = new FakeClientAgents(config, control, cluster.helper(), NAMESPACE,
                         (command, client) -> null)) {
                ProcessBuilder builder = new ProcessBuilder(AgentRuntime.command(SweepMain.class, List.of(
                        "policy", "--counts", "3,5", "--protocols", "tcp", "--run", run, "--namespace", NAMESPACE,
                        "--settle", "0", "--start-lead", "0", "--duration", "60", "--ack-grace", "60",
                        "--bootstrap-servers", kafka.bootstrapServers(), "--control-topic", control,
                        "--steps-topic", config.stepsTopic(), "--samples-topic", config.samplesTopic())))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("KUBECONFIG", kubeconfig.toString());
                Process sweep = builder.start();
                try {
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (clients.received().isEmpty() && sweep.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    assertThat(clients.received()).as(Files.readString(log)).hasSize(1);
                    assertThat(clients.received().get(0).policies()).hasSize(3);
                } finally {
                    // SIGTERM, as Ctrl-C or kubectl delete job would send.
                    sweep.destroy();
                }
                assertThat(sweep.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output).contains("cleaned up: the run's policies deleted, Deployments scaled back");
            assertThat(cluster.helper().network().v1().networkPolicies().inNamespace(NAMESPACE)
                    .withLabel("overlaywatch.io/run", run).list().getItems()).isEmpty();
            for (String name : List.of("overlaywatch-client", "overlaywatch-server")) {
                assertThat(cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName(name).get()
                        .getSpec().getReplicas()).isEqualTo(2);
            }
        }
    }
}
