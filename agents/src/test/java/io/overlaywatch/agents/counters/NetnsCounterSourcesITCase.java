package io.overlaywatch.agents.counters;

import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.model.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real network namespace, read the way the lab reads its "nodes": through {@code ip netns exec NS cat}. Needs
 * root (CAP_NET_ADMIN) and iproute2; skipped otherwise. Its only traffic is one datagram inside the namespace.
 */
@Timeout(60)
class NetnsCounterSourcesITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private String namespace;

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    @BeforeEach
    void createNamespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create a network namespace");
        namespace = "owtest-" + UUID.randomUUID().toString().substring(0, 8);
        assumeTrue(run("ip", "netns", "add", namespace) == 0, "cannot create network namespace " + namespace);
        assertThat(run("ip", "-n", namespace, "link", "set", "lo", "up")).isZero();
    }

    @AfterEach
    void deleteNamespace() throws Exception {
        if (namespace != null) {
            assertThat(run("ip", "netns", "del", namespace)).isZero();
        }
    }

    private static double value(List<Counter> counters, String source, String name, Map<String, String> labels) {
        return counters.stream()
                .filter(c -> c.source().equals(source) && c.name().equals(name) && c.labels().equals(labels))
                .mapToDouble(Counter::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + source + " " + name + labels + " in " + counters));
    }

    @Test
    void shouldSeeADatagramToAClosedPortInTheNamespacesOwnCounters() throws Exception {
        CollectingSink sink = new CollectingSink();
        CounterCollector collector = new CounterCollector("it-netns", namespace,
                CounterSources.netns(namespace, TIMEOUT), sink);

        List<Counter> before = collector.collectOnce();
        assertThat(run("ip", "netns", "exec", namespace, "bash", "-c", "echo x > /dev/udp/127.0.0.1/9")).isZero();
        List<Counter> after = collector.collectOnce();

        assertThat(collector.stats().failures()).containsOnly(
                Map.entry("netdev", 0L), Map.entry("snmp", 0L), Map.entry("netstat", 0L));
        assertThat(before).extracting(Counter::source).contains("netdev", "snmp", "netstat");
        Map<String, String> lo = Map.of("interface", "lo");
        assertThat(value(before, "netdev", "rx_packets", lo)).isZero();
        // The datagram, then the ICMP port unreachable that answers it, both over lo.
        assertThat(value(after, "netdev", "rx_packets", lo)).isEqualTo(2.0);
        assertThat(value(after, "snmp", "Udp_NoPorts", Map.of())).isEqualTo(value(before, "snmp", "Udp_NoPorts", Map.of()) + 1);
        assertThat(after).allSatisfy(c -> assertThat(c.node()).isEqualTo(namespace));
    }

    @Test
    void shouldCountANamespaceThatVanishedAsAFailureWithIpsMessage() throws Exception {
        CollectingSink sink = new CollectingSink();
        CounterCollector collector = new CounterCollector("it-netns", namespace,
                CounterSources.netns(namespace, TIMEOUT), sink);
        assertThat(run("ip", "netns", "del", namespace)).isZero();
        String gone = namespace;
        namespace = null;

        assertThat(collector.collectOnce()).isEmpty();

        assertThat(collector.stats().failures()).containsOnly(
                Map.entry("netdev", 1L), Map.entry("snmp", 1L), Map.entry("netstat", 1L));
        assertThat(collector.stats().lastFailure().get("netdev"))
                .startsWith("could not be read: `ip netns exec " + gone + " cat /proc/net/dev` exited with")
                .contains(gone);
    }
}
