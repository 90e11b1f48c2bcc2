package io.overlaywatch.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.overlaywatch.agents.probe.ListeningPorts;
import io.overlaywatch.lab.net.LabTopology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bare {@code iperf3 -s -1 -J} in the server pod: the same receiver for runs with and without the agent, so that
 * both are measured the same way, by what arrived.
 */
final class ReceivingServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final String namespace;
    private final Path output;

    private ReceivingServer(Process process, String namespace, Path output) {
        this.process = process;
        this.namespace = namespace;
        this.output = output;
    }

    /** Starts the server, its JSON result going to {@code output}, and returns once it listens. */
    static ReceivingServer start(LabTopology topology, int port, Path output) throws IOException, InterruptedException {
        String ns = topology.serverNamespace(0);
        List<String> command = new ArrayList<>(topology.inNamespace(ns,
                List.of("iperf3", "-s", "-1", "-J", "-p", Integer.toString(port))));
        // To a file, not a pipe: a server whose client never came must not block the reader past the timeout.
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ReceivingServer server = new ReceivingServer(process, ns, output);
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        // Polls the namespace's TCP tables (iperf3 listens on IPv6 too): a test connection would use up "-1".
        while (!ListeningPorts.listensIn(topology.read(ns, "/proc/net/tcp"), port)
                && !ListeningPorts.listensIn(topology.read(ns, "/proc/net/tcp6"), port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("iperf3 server in " + ns + " did not listen on port " + port);
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** Waits for the test to end; returns the bits per second the server received. */
    double receivedBitsPerSecond(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("iperf3 server in " + namespace + " did not finish a test within "
                    + timeout.toSeconds() + " s");
        }
        return receivedBitsPerSecond(Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The received throughput from iperf3's JSON result ({@code end.sum_received.bits_per_second}). */
    static double receivedBitsPerSecond(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode bps = root == null ? null : root.path("end").path("sum_received").get("bits_per_second");
        if (bps == null || !bps.isNumber()) {
            String error = root == null ? "no output" : root.path("error").asText("no end.sum_received");
            throw new IOException("iperf3 server gave no received throughput: " + error);
        }
        return bps.asDouble();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
