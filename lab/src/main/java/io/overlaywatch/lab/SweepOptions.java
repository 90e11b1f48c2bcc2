package io.overlaywatch.lab;

import io.overlaywatch.lab.net.Encapsulation;
import io.overlaywatch.lab.net.IpipFallback;
import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.lab.sweep.LabSession;
import io.overlaywatch.lab.sweep.SweepSettings;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Options shared by the lab's sweeps: what to measure, how long, and where the pipeline runs. */
public class SweepOptions {

    @Option(names = "--protocols", split = ",", paramLabel = "tcp,udp", defaultValue = "tcp,udp",
            converter = ProtocolConverter.class, description = "Protocols to measure (default: ${DEFAULT-VALUE}).")
    List<Protocol> protocols;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3",
            description = "Repetitions of every step; the paper used 3 (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Length of each iperf3 test; the paper used 300 (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--omit", paramLabel = "SECONDS", defaultValue = "1",
            description = "Warm-up seconds iperf3 leaves out, iperf3 -O (default: ${DEFAULT-VALUE}).")
    int omit;

    @Option(names = "--udp-length", paramLabel = "BYTES", defaultValue = "1422",
            description = "UDP datagram size, iperf3 -l; 1422 as in the paper (default: ${DEFAULT-VALUE}).")
    String udpLength;

    @Option(names = "--udp-bitrate", paramLabel = "RATE", defaultValue = "0",
            description = "UDP target bitrate, iperf3 -b; 0 sends as fast as it can (default: ${DEFAULT-VALUE}).")
    String udpBitrate;

    @Option(names = "--congestion", paramLabel = "ALGO", defaultValue = "cubic",
            description = "TCP congestion control, iperf3 -C; new namespaces would take the host's (default: ${DEFAULT-VALUE}).")
    String congestion;

    @Option(names = "--encapsulation", paramLabel = "none|ipip|vxlan", converter = EncapsulationConverter.class,
            description = "Encapsulation between the nodes for every profile (default: each profile's own:"
                    + " linear and linear-ct ipip like Calico, hashed vxlan like Cilium, none none).")
    Encapsulation encapsulation;

    @Option(names = "--no-lower-mtu", negatable = false,
            description = "Keep pods at MTU 1500 inside a tunnel, so that packets fragment (the paper's VXLAN cost).")
    boolean noLowerMtu;

    @Option(names = "--ipip-fallback", paramLabel = "stop|none|vxlan", defaultValue = "none",
            converter = IpipFallbackConverter.class, description = "When the kernel has no IP-in-IP: stop, or use this encapsulation instead (default: ${DEFAULT-VALUE}).")
    IpipFallback ipipFallback;

    @Option(names = "--stop-on-failure", description = "Stop at the first failed step instead of recording it and going on.")
    boolean stopOnFailure;

    @Option(names = {"-q", "--quiet"}, description = "No progress output, only the results (for CI).")
    boolean quiet;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "work/lab",
            description = "Folder for the pipeline's data and the results: CSV, plots, summary (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Use this Kafka instead of starting a broker.")
    String bootstrapServers;

    @Option(names = "--influx-url", paramLabel = "URL", description = "Use this InfluxDB 1.x instead of starting influxd.")
    String influxUrl;

    @Option(names = "--influx-database", paramLabel = "NAME", defaultValue = "overlaywatch",
            description = "Database to write to (default: ${DEFAULT-VALUE}).")
    String influxDatabase;

    SweepSettings settings(Scenario scenario, List<PolicyProfile> profiles, List<Integer> points, int policies,
                           String affinity) {
        return new SweepSettings(scenario, profiles, points, policies, protocols, repetitions, duration, omit,
                udpLength, udpBitrate, congestion, affinity, encapsulation, !noLowerMtu, ipipFallback, stopOnFailure);
    }

    /** Runs the sweeps as one run of a lab session that lives as long as the run. */
    int runOnce(String kind, SweepSettings settings) throws Exception {
        try (LabSession session = LabSession.start(new LocalPipeline.Endpoints(bootstrapServers, influxUrl,
                influxDatabase), workDir, quiet, Duration.ofSeconds(120), System.out, System.err, Map.of())) {
            return session.run(kind, List.of(settings)).exitCode();
        }
    }

    /** Reads tcp or udp. */
    static class ProtocolConverter implements ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            return Protocol.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Reads none, linear, linear-ct or hashed. */
    static class ProfileConverter implements ITypeConverter<PolicyProfile> {
        @Override
        public PolicyProfile convert(String value) {
            return PolicyProfile.fromWireName(value.trim());
        }
    }

    /** Reads none, ipip or vxlan. */
    static class EncapsulationConverter implements ITypeConverter<Encapsulation> {
        @Override
        public Encapsulation convert(String value) {
            return Encapsulation.fromWireName(value.trim());
        }
    }

    /** Reads stop, none or vxlan. */
    static class IpipFallbackConverter implements ITypeConverter<IpipFallback> {
        @Override
        public IpipFallback convert(String value) {
            return Arrays.stream(IpipFallback.values()).filter(f -> f.wireName().equals(value.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fallback '" + value
                            + "' (known: stop, none, vxlan)"));
        }
    }
}
