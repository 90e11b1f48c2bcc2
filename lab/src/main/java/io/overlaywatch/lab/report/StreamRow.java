package io.overlaywatch.lab.report;

import java.util.Map;

/**
 * The mean throughput of one stream in one step, from {@code iperf_interval}.
 *
 * @param id        the step
 * @param side      sender or receiver
 * @param clientPod the client pod, which names the client/server pair
 * @param stream    the stream within the pair (iperf3 can run parallel streams)
 * @param meanBps   the stream's mean interval throughput, bit/s
 */
public record StreamRow(StepId id, String side, String clientPod, String stream, double meanBps) {

    /** Reads a row of {@code SELECT mean(bps) AS bps ... GROUP BY} the step's tags, side, client_pod and stream. */
    public static StreamRow of(Map<String, Object> row) {
        return new StreamRow(StepId.of(row), Rows.text(row, "side"), Rows.text(row, "client_pod"),
                Rows.text(row, "stream"), Rows.number(row, "bps"));
    }
}
