package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.sink.RecordSink;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Runs one iperf3 test as a child process and sends every interval as a sample the moment iperf3 prints it.
 *
 * <p>In one JVM: {@code RunningProbe server = Iperf3Probe.server(labels, sink).port(p).start();
 * server.awaitListening(...); ProbeResult c = Iperf3Probe.client("127.0.0.1", labels, sink).port(p).run();
 * ProbeResult s = server.await();}. A probe never hangs: a stall timeout and a deadline kill iperf3.
 */
public final class Iperf3Probe {

    /** Which end of the test iperf3 runs as. */
    public enum Role { CLIENT, SERVER }

    /** Grace after the planned test time before a client is considered stalled, as the issue asks. */
    static final Duration CLIENT_STALL_GRACE = Duration.ofSeconds(10);
    /** Grace after the planned test time before a client or a started server test is killed outright. */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(30);
    /** A running server test prints a line every second; this long without one is a stall. */
    static final Duration SERVER_STALL = Duration.ofSeconds(10);

    final Role role;
    final String serverHost;
    final String binary;
    final List<String> launcher;
    final int port;
    final int timeSeconds;
    final boolean udp;
    final String bitrate;
    final String length;
    final int parallel;
    final boolean reverse;
    final int omitSeconds;
    final String bind;
    final Duration stallTimeout;
    final Duration waitForClient;
    final Duration deadline;
    final Iperf3Version version;
    final LongSupplier clock;
    final ZoneId zone;
    final ProbeLabels labels;
    final RecordSink sink;

    private Iperf3Probe(Builder b) {
        this.role = b.role;
        this.serverHost = b.serverHost;
        this.binary = b.binary;
        this.launcher = b.launcher;
        this.port = b.port;
        this.timeSeconds = b.timeSeconds;
        this.udp = b.udp;
        this.bitrate = b.bitrate;
        this.length = b.length;
        this.parallel = b.parallel;
        this.reverse = b.reverse;
        this.omitSeconds = b.omitSeconds;
        this.bind = b.bind;
        Duration planned = Duration.ofSeconds((long) b.timeSeconds + b.omitSeconds);
        this.stallTimeout = b.stallTimeout != null ? b.stallTimeout
                : role == Role.CLIENT ? planned.plus(CLIENT_STALL_GRACE) : SERVER_STALL;
        this.waitForClient = b.waitForClient != null ? b.waitForClient : Duration.ZERO;
        this.deadline = b.deadline != null ? b.deadline
                : role == Role.CLIENT ? planned.plus(DEADLINE_GRACE)
                : waitForClient.isZero() ? Duration.ZERO : waitForClient.plus(planned).plus(DEADLINE_GRACE);
        this.version = b.version;
        this.clock = b.clock;
        this.zone = b.zone;
        this.labels = b.labels;
        this.sink = b.sink;
    }

    /** A client probe that connects to {@code serverHost}; -C and -A come from the labels, so records say what ran. */
    public static Builder client(String serverHost, ProbeLabels labels, RecordSink sink) {
        return new Builder(Role.CLIENT, Objects.requireNonNull(serverHost, "serverHost"), labels, sink);
    }

    /** A server probe that serves one test ({@code iperf3 -s -1}) and exits; the client's -A n,m pins it. */
    public static Builder server(ProbeLabels labels, RecordSink sink) {
        return new Builder(Role.SERVER, null, labels, sink);
    }

    /** The iperf3 command line for an iperf3 with or without {@code --json-stream}. */
    public List<String> command(boolean jsonStream) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(binary);
        if (role == Role.CLIENT) {
            cmd.addAll(List.of("-c", serverHost, "-p", Integer.toString(port),
                    "-t", Integer.toString(timeSeconds), "-i", "1"));
            if (udp) {
                cmd.add("-u");
            }
            addIf(cmd, "-b", bitrate);
            addIf(cmd, "-l", length);
            if (parallel > 1) {
                cmd.addAll(List.of("-P", Integer.toString(parallel)));
            }
            if (reverse) {
                cmd.add("-R");
            }
            addIf(cmd, "-C", labels.congestion());
            addIf(cmd, "-A", labels.affinity());
            if (omitSeconds > 0) {
                cmd.addAll(List.of("-O", Integer.toString(omitSeconds)));
            }
        } else {
            // -1: serve one test, then exit, so that every test has its own process and its own result.
            cmd.addAll(List.of("-s", "-p", Integer.toString(port), "-1", "-i", "1"));
            addIf(cmd, "-B", bind);
            // No -A: a server refuses "-A n,m" ("client only"); the client's -A n,m pins the server to m.
        }
        if (jsonStream) {
            cmd.add("--json-stream");
        }
        // Without it iperf3 buffers its text output when stdout is a pipe, and intervals arrive at exit.
        cmd.add("--forceflush");
        return cmd;
    }

    private static void addIf(List<String> cmd, String flag, String value) {
        if (value != null && !value.isBlank()) {
            cmd.add(flag);
            cmd.add(value);
        }
    }

    /** Checks the binary's version (unless given), starts iperf3 and returns at once. */
    public RunningProbe start() throws IOException {
        Iperf3Version v = version != null ? version : probeVersion(binary);
        return RunningProbe.start(this, v);
    }

    /** Starts iperf3 and waits until it has finished or been killed. */
    public ProbeResult run() throws IOException, InterruptedException {
        RunningProbe running = start();
        try {
            return running.await();
        } catch (InterruptedException e) {
            running.stop();
            throw e;
        }
    }

    /** Runs {@code iperf3 --version}; fails with a message naming the binary when it cannot. */
    public static Iperf3Version probeVersion(String binary) throws IOException {
        try {
            return Iperf3Version.probe(binary);
        } catch (Exception e) {
            // The message already names the binary and how to install it.
            throw new IOException(e.getMessage(), e);
        }
    }

    public Role role() {
        return role;
    }

    public int port() {
        return port;
    }

    public ProbeLabels labels() {
        return labels;
    }

    public Duration stallTimeout() {
        return stallTimeout;
    }

    public Duration waitForClient() {
        return waitForClient;
    }

    public Duration deadline() {
        return deadline;
    }

    /** A short name for logs: {@code iperf3 client to 10.0.0.2:5201}. */
    public String describe() {
        return role == Role.CLIENT
                ? "iperf3 client to " + serverHost + ":" + port
                : "iperf3 server on " + (bind == null ? "" : bind) + ":" + port;
    }

    /** Options of one probe; defaults are iperf3's own (port 5201, 10 s, one stream). */
    public static final class Builder {

        private final Role role;
        private final String serverHost;
        private final ProbeLabels labels;
        private final RecordSink sink;
        private String binary = "iperf3";
        private List<String> launcher = List.of();
        private int port = 5201;
        private int timeSeconds = 10;
        private boolean udp;
        private String bitrate;
        private String length;
        private int parallel = 1;
        private boolean reverse;
        private int omitSeconds;
        private String bind;
        private Duration stallTimeout;
        private Duration waitForClient;
        private Duration deadline;
        private Iperf3Version version;
        private LongSupplier clock = System::currentTimeMillis;
        private ZoneId zone = ZoneId.systemDefault();

        private Builder(Role role, String serverHost, ProbeLabels labels, RecordSink sink) {
            this.role = role;
            this.serverHost = serverHost;
            this.labels = Objects.requireNonNull(labels, "labels");
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        /** Path or name of the iperf3 binary. */
        public Builder binary(String binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /**
         * A command that runs iperf3 elsewhere, e.g. {@code ip netns exec NS} for a lab pod; it must exec
         * iperf3 so that the process the agent stops is iperf3 itself.
         */
        public Builder launcher(List<String> launcher) {
            this.launcher = List.copyOf(launcher);
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Test duration ({@code -t}, client); for a server, the duration it expects, for its deadline. */
        public Builder timeSeconds(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("time must be at least 1 second, was " + seconds);
            }
            this.timeSeconds = seconds;
            return this;
        }

        /** UDP instead of TCP ({@code -u}, client). */
        public Builder udp(boolean udp) {
            this.udp = udp;
            return this;
        }

        /** Target bitrate ({@code -b}, client), e.g. {@code 1G} or {@code 0} for unlimited. */
        public Builder bitrate(String bitrate) {
            this.bitrate = bitrate;
            return this;
        }

        /** Buffer or datagram length ({@code -l}, client), e.g. {@code 1422}. */
        public Builder length(String length) {
            this.length = length;
            return this;
        }

        /** Parallel streams ({@code -P}, client). */
        public Builder parallel(int parallel) {
            if (parallel < 1) {
                throw new IllegalArgumentException("parallel must be at least 1, was " + parallel);
            }
            this.parallel = parallel;
            return this;
        }

        /** Reverse mode ({@code -R}, client): the server sends. */
        public Builder reverse(boolean reverse) {
            this.reverse = reverse;
            return this;
        }

        /** Warm-up seconds iperf3 reports as omitted ({@code -O}, client). */
        public Builder omitSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("omit must not be negative, was " + seconds);
            }
            this.omitSeconds = seconds;
            return this;
        }

        /** Address the server listens on ({@code -B}, server). */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /** Kill iperf3 when it prints nothing for this long (default: test time + 10 s for a client, 10 s for a running server test). */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = positive("stall timeout", timeout);
            return this;
        }

        /** How long a server waits for a client before it is stopped with an error; zero waits for ever (the default). */
        public Builder waitForClient(Duration wait) {
            if (wait.isNegative()) {
                throw new IllegalArgumentException("wait must not be negative, was " + wait);
            }
            this.waitForClient = wait;
            return this;
        }

        /** Kill iperf3 when it is still running this long after it started (default: test time + 30 s, plus the wait for a server). */
        public Builder deadline(Duration deadline) {
            this.deadline = positive("deadline", deadline);
            return this;
        }

        /** Skips running {@code iperf3 --version} when the version is known. */
        public Builder version(Iperf3Version version) {
            this.version = version;
            return this;
        }

        /** Clock that stamps text-output intervals, epoch milliseconds. */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Time zone of iperf3's own timestamps. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Iperf3Probe build() {
            return new Iperf3Probe(this);
        }

        /** Builds and starts the probe; see {@link Iperf3Probe#start()}. */
        public RunningProbe start() throws IOException {
            return build().start();
        }

        /** Builds and runs the probe to its end; see {@link Iperf3Probe#run()}. */
        public ProbeResult run() throws IOException, InterruptedException {
            return build().run();
        }

        private static Duration positive(String what, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
