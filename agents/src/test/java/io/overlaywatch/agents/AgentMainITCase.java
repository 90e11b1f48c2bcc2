package io.overlaywatch.agents;

import io.overlaywatch.agents.probe.ListeningPorts;
import io.overlaywatch.agents.sink.TopicRecords;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator runs it: a server and a client agent, real iperf3, a real broker. */
@Timeout(120)
class AgentMainITCase {

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

    private static int run(String... args) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return AgentMain.run(sink, System.err, args);
    }

    @Test
    void shouldProduceBothSidesAndTheStepMarkersOfAUdpTest() throws Exception {
        String samples = "samples-" + UUID.randomUUID();
        String steps = "steps-" + UUID.randomUUID();
        kafka.createTopics(2, samples, steps);
        String port = Integer.toString(FreePorts.next());
        List<String> common = List.of("--bootstrap-servers", kafka.bootstrapServers(), "--samples-topic", samples,
                "--steps-topic", steps, "--iperf3", "/usr/bin/iperf3", "--port", port, "--run", "cli-it",
                "--scenario", "demo", "--cni", "loopback", "--udp", "--time", "2",
                "--client-pod", "client-0", "--server-pod", "server-0", "--src-node", "n1", "--dst-node", "n1");

        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(() -> run(args("server",
                common, "--bind", FreePorts.LOOPBACK, "--wait", "30")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ListeningPorts.isListening(Integer.parseInt(port)) && System.nanoTime() < deadline) {
            // Polling /proc is the only way to see the port without connecting, which would use up iperf3 -s -1.
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        int client = run(args("client", common, "--server", FreePorts.LOOPBACK, "--bitrate", "100M", "--mark-step"));

        assertThat(client).isZero();
        assertThat(server.get(30, TimeUnit.SECONDS)).isZero();
        List<WireRecord> onSamples = read(samples, r -> r.stream().filter(Sample.class::isInstance)
                .map(Sample.class::cast).map(Sample::side).distinct().count() == 2);
        assertThat(onSamples).noneMatch(ProbeError.class::isInstance);
        assertThat(onSamples).map(Sample.class::cast).allSatisfy(s -> {
            assertThat(s.step().run()).isEqualTo("cli-it");
            assertThat(s.problems()).isEmpty();
        });
        assertThat(onSamples).map(Sample.class::cast)
                .filteredOn(s -> s.side() == Side.RECEIVER && s.bitsPerSecond() > 0).isNotEmpty();
        List<WireRecord> onSteps = read(steps, r -> r.size() >= 2);
        assertThat(onSteps).map(r -> ((StepMarker) r).phase())
                .containsExactly(StepMarker.Phase.START, StepMarker.Phase.END);
    }

    @Test
    void shouldProduceOneProbeErrorAndExitOneWhenNoServerListens() throws Exception {
        String samples = "samples-" + UUID.randomUUID();
        kafka.createTopics(1, samples);

        int code = run("client", "--server", FreePorts.LOOPBACK, "--port", Integer.toString(FreePorts.next()),
                "--iperf3", "/usr/bin/iperf3", "--bootstrap-servers", kafka.bootstrapServers(),
                "--samples-topic", samples, "--run", "cli-refused");

        assertThat(code).isEqualTo(1);
        assertThat(read(samples, r -> !r.isEmpty())).singleElement().isInstanceOfSatisfying(ProbeError.class,
                e -> assertThat(e.reason()).contains("Connection refused"));
    }

    private static String[] args(String command, List<String> common, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<WireRecord> read(String topic, java.util.function.Predicate<List<WireRecord>> done) {
        return TopicRecords.readUntil(kafka.bootstrapServers(), topic, done, Duration.ofSeconds(30));
    }
}
