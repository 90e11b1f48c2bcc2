package io.overlaywatch.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.overlaywatch.agents.probe.ListeningPorts;
import io.overlaywatch.lab.net.LabTopology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private ReceivingServer(Process process, String namespace) {
        this.process = process;
        this.namespace = namespace;
    }

    /** Starts the server and returns once it listens. */
    static ReceivingServer start(LabTopology topology, int port) throws IOException, InterruptedException {
        String ns = topology.serverNamespace(0);
        List<String> command = new ArrayList<>(topology.inNamespace(ns,
                List.of("iperf3", "-s", "-1", "-J", "-p", Integer.toString(port))));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ReceivingServer server = new ReceivingServer(process, ns);
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
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("iperf3 server in " + namespace + " did not exit");
        }
        return receivedBitsPerSecond(new String(out, StandardCharsets.UTF_8));
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
