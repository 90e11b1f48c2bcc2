package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.model.Protocol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** How iperf3 is run; the names follow iperf3's own options. */
public class Iperf3Options {

    private static final Pattern BITRATE = Pattern.compile("\\d+(\\.\\d+)?[KMGTkmgt]?(/\\d+)?");
    private static final Pattern LENGTH = Pattern.compile("\\d+[KMGkmg]?");
    private static final int MAX_PARALLEL = 128;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(validate = false, heading = "%niperf3 (as in iperf3's own options):%n", order = 40)
    Values values = new Values();

    /** The options; a group so that help shows them under one heading. */
    static final class Values {

        @Option(names = "--iperf3", paramLabel = "PATH", defaultValue = "iperf3", order = 41,
                description = "The iperf3 binary (default: ${DEFAULT-VALUE} on the PATH).")
        String binary = "iperf3";

        @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "5201", order = 42,
                description = "Server port (default: ${DEFAULT-VALUE}).")
        int port = 5201;

        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10", order = 43,
                description = "Test duration; a server uses it for its deadline (default: ${DEFAULT-VALUE}).")
        int time = 10;

        @Option(names = {"-u", "--udp"}, order = 44, description = "UDP instead of TCP (client).")
        boolean udp;

        @Option(names = {"-b", "--bitrate"}, paramLabel = "RATE", order = 45,
                description = "Target bitrate, e.g. 1G; 0 for unlimited (client; iperf3's default: 1M for UDP, "
                        + "unlimited for TCP).")
        String bitrate;

        @Option(names = {"-l", "--length"}, paramLabel = "BYTES", order = 46,
                description = "Buffer or datagram length, e.g. 1422 (client).")
        String length;

        @Option(names = {"-P", "--parallel"}, paramLabel = "N", defaultValue = "1", order = 47,
                description = "Parallel streams (client; default: ${DEFAULT-VALUE}).")
        int parallel = 1;

        @Option(names = {"-R", "--reverse"}, order = 48,
                description = "Reverse: the server sends, the client receives (client).")
        boolean reverse;

        @Option(names = {"-C", "--congestion"}, paramLabel = "ALGO", order = 49,
                description = "TCP congestion control, e.g. cubic (client; default: the host's). Recorded in every sample.")
        String congestion;

        @Option(names = {"-A", "--affinity"}, paramLabel = "N[,M]", order = 50,
                description = "Pin iperf3 to CPU N (a client also pins its server to M). Recorded in every sample.")
        String affinity;

        @Option(names = {"-O", "--omit"}, paramLabel = "SECONDS", defaultValue = "0", order = 51,
                description = "Warm-up seconds reported as omitted (client; default: ${DEFAULT-VALUE}).")
        int omit;
    }

    void validate() {
        Values v = values;
        if (v.binary.isBlank()) {
            throw fail("--iperf3", "must not be blank");
        }
        if (v.port < 1 || v.port > 65535) {
            throw fail("--port", "must be 1-65535, was " + v.port);
        }
        if (v.time < 1) {
            throw fail("--time", "must be at least 1 second, was " + v.time);
        }
        if (v.parallel < 1 || v.parallel > MAX_PARALLEL) {
            throw fail("--parallel", "must be 1-" + MAX_PARALLEL + ", was " + v.parallel);
        }
        if (v.omit < 0) {
            throw fail("--omit", "must not be negative, was " + v.omit);
        }
        if (v.bitrate != null && !BITRATE.matcher(v.bitrate).matches()) {
            throw fail("--bitrate", "'" + v.bitrate + "' is not a rate like 100M, 1.5G or 0");
        }
        if (v.length != null && !LENGTH.matcher(v.length).matches()) {
            throw fail("--length", "'" + v.length + "' is not a size like 1422 or 128K");
        }
    }

    /** Runs {@code iperf3 --version} so that a missing binary stops the agent before it starts anything. */
    Iperf3Version checkBinary() {
        try {
            return Iperf3Probe.probeVersion(values.binary);
        } catch (IOException e) {
            throw fail("--iperf3", e.getMessage());
        }
    }

    Protocol protocol() {
        return values.udp ? Protocol.UDP : Protocol.TCP;
    }

    String congestion() {
        return values.congestion;
    }

    String affinity() {
        return values.affinity;
    }

    int port() {
        return values.port;
    }

    /** Planned length of a test: its time plus the omitted warm-up. */
    Duration planned() {
        return Duration.ofSeconds((long) values.time + values.omit);
    }

    /** The iperf3 options on a probe; -C and -A travel in the labels. */
    Iperf3Probe.Builder applyTo(Iperf3Probe.Builder builder) {
        Values v = values;
        return builder.binary(v.binary).port(v.port).timeSeconds(v.time).udp(v.udp).bitrate(v.bitrate)
                .length(v.length).parallel(v.parallel).reverse(v.reverse).omitSeconds(v.omit);
    }

    private ParameterException fail(String option, String problem) {
        return new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
