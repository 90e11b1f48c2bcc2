package io.overlaywatch.model;

import java.util.List;
import java.util.Map;

/**
 * The sweep driver's order to the client agents, sent on the control topic: run one step's test
 * together at {@code startAt}. Clients not named in {@code clients} (when it is not empty) ignore it.
 *
 * @param v               schema version
 * @param time            when the driver issued the command, epoch milliseconds
 * @param step            the step to measure; samples of the test carry it
 * @param startAt         when every client starts iperf3, epoch milliseconds
 * @param durationSeconds test length ({@code iperf3 -t})
 * @param omitSeconds     warm-up seconds iperf3 omits ({@code -O})
 * @param streams         parallel streams per client ({@code -P})
 * @param udpBitrate      UDP target bitrate in bits/s ({@code -b}), 0 for unlimited; ignored for TCP
 * @param clients         client pods that take part, empty for every client of the experiment
 * @param servers         the server (address) each client pod measures against, so that concurrent pairs never
 *                        share an iperf3 server, which serves one test at a time; a client not in it uses its own
 */
public record StepCommand(int v, long time, StepKey step, long startAt, int durationSeconds,
                          int omitSeconds, int streams, long udpBitrate, List<String> clients,
                          Map<String, String> servers)
        implements WireRecord {

    public StepCommand {
        clients = clients == null ? List.of() : List.copyOf(clients);
        servers = servers == null ? Map.of() : Map.copyOf(servers);
    }

    /** A command that pairs no client with a server: each uses the server it was started with. */
    public StepCommand(int v, long time, StepKey step, long startAt, int durationSeconds, int omitSeconds, int streams,
                       long udpBitrate, List<String> clients) {
        this(v, time, step, startAt, durationSeconds, omitSeconds, streams, udpBitrate, clients, Map.of());
    }

    /** The server {@code clientPod} measures against in this step: its pair's, else {@code otherwise}. */
    public String serverFor(String clientPod, String otherwise) {
        return servers.getOrDefault(clientPod, otherwise);
    }

    /** Whether the client pod {@code clientPod} takes part in this step. */
    public boolean addresses(String clientPod) {
        return clients.isEmpty() || clients.contains(clientPod);
    }

    @Override
    public List<String> problems() {
        List<String> problems = Checks.stepRecord(v, time, step);
        Checks.nonNegative(problems, "startAt", startAt);
        if (durationSeconds < 1) {
            problems.add("durationSeconds must be at least 1, was " + durationSeconds);
        }
        Checks.nonNegative(problems, "omitSeconds", omitSeconds);
        if (streams < 1) {
            problems.add("streams must be at least 1, was " + streams);
        }
        Checks.nonNegative(problems, "udpBitrate", udpBitrate);
        return problems;
    }
}
