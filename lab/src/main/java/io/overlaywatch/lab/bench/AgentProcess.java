package io.overlaywatch.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe agent as its own JVM, started as {@code ./overlaywatch agent client} starts it, on the JVM under test.
 * It runs iperf3 in the client pod through a wrapper script: the agent stays in this namespace, where the broker
 * listens on 127.0.0.1, while iperf3 runs in the pod.
 */
final class AgentProcess {

    private AgentProcess() {
    }

    /** Writes {@code iperf3-in-<ns>}, which runs iperf3 inside the namespace. */
    static Path iperf3Wrapper(Path dir, List<String> inNamespace) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("iperf3-in-pod");
        StringBuilder text = new StringBuilder("#!/bin/sh\nexec");
        for (String part : inNamespace) {
            text.append(' ').append(part);
        }
        text.append(" iperf3 \"$@\"\n");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The command line of one rate-limited client test through the agent jar. */
    static List<String> clientCommand(Path agentJar, AgentJvm jvm, Path iperf3, String server, int port,
                                      int seconds, int streams, String bitrate, String bootstrapServers, String run,
                                      int step) {
        List<String> command = client(agentJar, jvm, iperf3, server, port, bootstrapServers, run);
        command.addAll(List.of("-t", Integer.toString(seconds), "-P", Integer.toString(streams),
                "--step", Integer.toString(step), "-b", bitrate));
        return command;
    }

    /**
     * The command line of a client agent in control mode, as the client Deployment runs it: one JVM for many tests,
     * each started by a step command addressed to {@code clientPod}.
     */
    static List<String> controlCommand(Path agentJar, AgentJvm jvm, Path iperf3, String server, int port,
                                       String bootstrapServers, String run, String clientPod) {
        List<String> command = client(agentJar, jvm, iperf3, server, port, bootstrapServers, run);
        command.addAll(List.of("--mode", "control", "--client-pod", clientPod));
        return command;
    }

    private static List<String> client(Path agentJar, AgentJvm jvm, Path iperf3, String server, int port,
                                       String bootstrapServers, String run) {
        List<String> command = new ArrayList<>(jvm.command());
        command.addAll(List.of("-jar", agentJar.toString(), "client", "--server", server,
                "-p", Integer.toString(port), "--iperf3", iperf3.toString(), "--bootstrap-servers", bootstrapServers,
                "--run", run, "--scenario", "policy", "--cni", "bench"));
        return command;
    }
}
