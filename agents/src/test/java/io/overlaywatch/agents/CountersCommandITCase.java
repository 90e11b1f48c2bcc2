package io.overlaywatch.agents;

import com.sun.net.httpserver.HttpServer;
import io.overlaywatch.agents.sink.TopicRecords;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.Counter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code agent counters --once} as a node's collector runs it: this machine's captured /proc/net files, felix's
 * metrics page served over HTTP on 127.0.0.1, a cilium address where nothing listens, and a real broker.
 */
@Timeout(120)
class CountersCommandITCase {

    private static final Path GOLDEN = Path.of("src/test/resources/counters");

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
    void shouldProduceProcAndFelixCountersAndNameTheSourceThatFailed() throws Exception {
        Path procNet = Files.createDirectories(dataDir.resolve("proc-net"));
        for (String file : List.of("dev", "snmp", "netstat")) {
            Files.copy(GOLDEN.resolve("proc-net-" + file + "-host/input.txt"), procNet.resolve(file));
        }
        String counters = "counters-" + UUID.randomUUID();
        kafka.createTopics(1, counters);
        byte[] felixPage = Files.readAllBytes(GOLDEN.resolve("prometheus-felix/input.txt"));
        HttpServer felix = HttpServer.create(new InetSocketAddress(FreePorts.LOOPBACK, 0), 0);
        felix.createContext("/metrics", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, felixPage.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(felixPage);
            }
        });
        felix.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            code = AgentMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "counters", "--once", "--node", "worker-1",
                    "--proc-net", procNet.toString(),
                    "--felix", "http://" + FreePorts.LOOPBACK + ":" + felix.getAddress().getPort() + "/metrics",
                    "--cilium", "http://" + FreePorts.LOOPBACK + ":" + FreePorts.next() + "/metrics",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--counters-topic", counters);
        } finally {
            felix.stop(0);
        }

        assertThat(code).as("cilium could not be read").isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cilium").doesNotContain("felix:");
        List<Counter> read = read(counters);
        assertThat(read).allSatisfy(c -> {
            assertThat(c.node()).isEqualTo("worker-1");
            assertThat(c.run()).isEqualTo("live");
            assertThat(c.problems()).isEmpty();
        });
        assertThat(read).extracting(Counter::source).containsOnly("netdev", "snmp", "netstat", "felix");
        assertThat(value(read, "snmp", "Tcp_RetransSegs", Map.of())).isEqualTo(393);
        assertThat(value(read, "snmp", "Udp_InErrors", Map.of())).isEqualTo(129041);
        assertThat(value(read, "snmp", "Udp_RcvbufErrors", Map.of())).isEqualTo(129041);
        assertThat(value(read, "netdev", "rx_bytes", Map.of("interface", "lo"))).isEqualTo(127239827018.0);
        assertThat(value(read, "felix", "felix_active_local_policies", Map.of())).isEqualTo(10000);
        assertThat(value(read, "felix", "felix_cluster_num_policies", Map.of())).isEqualTo(10003);
    }

    private static double value(List<Counter> counters, String source, String name, Map<String, String> labels) {
        return counters.stream().filter(c -> c.source().equals(source) && c.name().equals(name)
                && c.labels().equals(labels)).mapToDouble(Counter::value).findFirst()
                .orElseThrow(() -> new AssertionError("no " + source + " " + name + labels));
    }

    private static List<Counter> read(String topic) {
        return TopicRecords.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(30)).stream()
                .map(Counter.class::cast).toList();
    }
}
