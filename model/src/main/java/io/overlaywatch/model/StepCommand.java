package io.overlaywatch.model;

import java.util.List;

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
 */
public record StepCommand(int v, long time, StepKey step, long startAt, int durationSeconds,
                          int omitSeconds, int streams, long udpBitrate, List<String> clients)
        implements WireRecord {

    public StepCommand {
        clients = clients == null ? List.of() : List.copyOf(clients);
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
