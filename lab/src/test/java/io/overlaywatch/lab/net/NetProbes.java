package io.overlaywatch.lab.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helpers that send traffic between lab namespaces: TCP connects, and iperf3 runs. */
final class NetProbes {

    /** What a TCP connect from a pod saw. */
    enum Connect { CONNECTED, REFUSED, TIMED_OUT, UNREACHABLE }

    private static final Pattern RECEIVED = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
    private static final Pattern UDP_SUM = Pattern.compile("\"sum\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    private NetProbes() {
    }

    /** Skips the test unless this process may build namespaces and has the lab's programs. */
    static void assumeLabCanRun() {
        List<String> problems = LabPreflight.problems(LabPreflight.probe());
        assumeTrue(problems.isEmpty(), () -> LabPreflight.message(problems));
    }

    /**
     * Connects from namespace {@code ns} to {@code address:port} with bash's /dev/tcp (there is no ping here): a refusal
     * proves the path works both ways, since the RST came back; a timeout means something dropped the SYN.
     */
    static Connect connect(String ns, String address, int port, Duration timeout) {
        String seconds = String.valueOf(timeout.toMillis() / 1000.0);
        CommandResult r = Commands.attempt(Commands.inNamespace(ns, List.of("timeout", seconds, "bash", "-c",
                "exec 3<>/dev/tcp/" + address + "/" + port)), null, timeout.plusSeconds(10));
        if (r.exitCode() == 0) {
            return Connect.CONNECTED;
        }
        if (r.exitCode() == 124) {
            return Connect.TIMED_OUT;
        }
        if (r.stderr().contains("refused")) {
            return Connect.REFUSED;
        }
        return Connect.UNREACHABLE;
    }

    /** An {@code iperf3 -s -1} in a namespace, started and waited for until it listens. */
    static final class Server implements AutoCloseable {
        private final Process process;

        Server(String ns, String address, int port) throws IOException {
            List<String> command = new ArrayList<>(Commands.inNamespace(ns, List.of("iperf3", "-s", "-1", "--forceflush",
                    "-B", address, "-p", String.valueOf(port))));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PATH", Commands.searchPath());
            process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            // The banner is printed once the socket listens: the client may connect from then on.
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.contains("Server listening")) {
                    Thread drain = new Thread(() -> {
                        try {
                            out.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ignored) {
                            // the server was stopped
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return;
                }
            }
            throw new IOException("iperf3 server did not start: " + seen);
        }

        @Override
        public void close() {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** Runs an iperf3 client from {@code ns}; returns the received bits per second, or throws with iperf3's reason. */
    static double iperf(String ns, String address, int port, List<String> options) {
        List<String> command = new ArrayList<>(List.of("iperf3", "-c", address, "-p", String.valueOf(port), "-J",
                "--connect-timeout", "2000"));
        command.addAll(options);
        CommandResult r = Commands.attempt(Commands.inNamespace(ns, command), null, Duration.ofSeconds(30));
        if (!r.succeeded()) {
            // -J puts iperf3's own error in the JSON on stdout.
            throw new IperfFailed("iperf3 failed: " + r.stdout() + r.stderr());
        }
        Matcher m = RECEIVED.matcher(r.stdout());
        if (!m.find()) {
            m = UDP_SUM.matcher(r.stdout());
            if (!m.find()) {
                throw new AssertionError("no throughput in iperf3 output: " + r.stdout());
            }
        }
        return Double.parseDouble(m.group(1));
    }

    /** Namespaces whose name starts with {@code prefix}. */
    static List<String> namespacesWithPrefix(String prefix) {
        return LabCleanup.listNamespaces().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    /** Links of the namespace this test runs in (the host's) whose name starts with {@code prefix}. */
    static List<String> hostLinksWithPrefix(String prefix) {
        return Commands.run(List.of("ip", "-o", "link", "show")).stdout().lines()
                .map(l -> l.split(":\\s+")[1].split("@")[0])
                .filter(n -> n.startsWith(prefix)).toList();
    }

    /** iperf3 exited non-zero; the message holds its output. */
    static final class IperfFailed extends RuntimeException {
        IperfFailed(String message) {
            super(message);
        }
    }
}
