package io.overlaywatch.agents.counters;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The standard sources: a node's {@code /proc/net/dev}, {@code /proc/net/snmp} and {@code /proc/net/netstat}
 * (read directly, or inside a lab network namespace), and the felix and cilium-agent metrics pages.
 */
public final class CounterSources {

    public static final String NETDEV = "netdev";
    public static final String SNMP = "snmp";
    public static final String NETSTAT = "netstat";
    public static final String FELIX = "felix";
    public static final String CILIUM = "cilium";

    /** Where {@code /proc/net} of the agent's own network namespace is. */
    public static final Path PROC_NET = Path.of("/proc/net");
    /** felix's metrics when {@code prometheusMetricsEnabled} is on (port 9091, host network). */
    public static final URI FELIX_METRICS = URI.create("http://127.0.0.1:9091/metrics");
    /** cilium-agent's metrics with {@code prometheus.enabled} (port 9962, host network). */
    public static final URI CILIUM_METRICS = URI.create("http://127.0.0.1:9962/metrics");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private CounterSources() {
    }

    /**
     * netdev, snmp and netstat read from files under {@code procNet}: {@link #PROC_NET}, or e.g.
     * {@code /proc/1/net} for the host's namespace from a pod with hostPID.
     */
    public static List<CounterSource> proc(Path procNet) {
        return List.of(
                new CounterSource(NETDEV, TextSource.file(procNet.resolve("dev")), ProcNetDevParser.defaults()),
                new CounterSource(SNMP, TextSource.file(procNet.resolve("snmp")), ProcNetSnmpParser.defaults()),
                new CounterSource(NETSTAT, TextSource.file(procNet.resolve("netstat")), ProcNetSnmpParser.defaults()));
    }

    /** netdev, snmp and netstat of a network namespace, read through {@code ip netns exec NAMESPACE cat FILE}. */
    public static List<CounterSource> netns(String namespace, Duration timeout) {
        if (namespace == null || namespace.isBlank() || namespace.contains("/") || namespace.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid network namespace name '" + namespace + "'");
        }
        return List.of(
                new CounterSource(NETDEV, inNamespace(namespace, "dev", timeout), ProcNetDevParser.defaults()),
                new CounterSource(SNMP, inNamespace(namespace, "snmp", timeout), ProcNetSnmpParser.defaults()),
                new CounterSource(NETSTAT, inNamespace(namespace, "netstat", timeout), ProcNetSnmpParser.defaults()));
    }

    /** felix's metrics page, keeping {@link PrometheusCounterParser#FELIX_FAMILIES}. */
    public static CounterSource felix(URI metrics, Duration timeout) {
        return new CounterSource(FELIX, TextSource.http(metrics, timeout), PrometheusCounterParser.felix());
    }

    /** cilium-agent's metrics page, keeping {@link PrometheusCounterParser#CILIUM_FAMILIES}. */
    public static CounterSource cilium(URI metrics, Duration timeout) {
        return new CounterSource(CILIUM, TextSource.http(metrics, timeout), PrometheusCounterParser.cilium());
    }

    private static TextSource inNamespace(String namespace, String file, Duration timeout) {
        return TextSource.command(List.of("ip", "netns", "exec", namespace, "cat", "/proc/net/" + file), timeout);
    }
}
