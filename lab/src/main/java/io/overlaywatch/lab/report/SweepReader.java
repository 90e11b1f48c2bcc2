package io.overlaywatch.lab.report;

import io.overlaywatch.jobs.query.InfluxQuery;

import java.io.IOException;

/** Reads one run's step summaries and per-stream means from InfluxDB into {@link SweepResults}. */
public final class SweepReader {

    private SweepReader() {
    }

    public static SweepResults read(InfluxQuery query, String run) throws IOException {
        return SweepResults.fromRows(run, query.rows(stepQuery(run)), query.rows(streamQuery(run)));
    }

    static String stepQuery(String run) {
        return "SELECT * FROM step_summary WHERE run = " + InfluxQuery.literal(run);
    }

    /**
     * Each stream's mean in each pod-sweep step, warm-up and iperf3's own [SUM] lines left out as the job does.
     * Grouping by every step tag lets the rows join the summaries; "policies" is an InfluxQL keyword.
     */
    static String streamQuery(String run) {
        return "SELECT mean(bps) AS bps FROM iperf_interval WHERE run = " + InfluxQuery.literal(run)
                + " AND scenario = 'pod' AND stream != 'SUM' AND omitted = false"
                + " GROUP BY scenario, cni, protocol, step, \"policies\", pods, repetition, side, client_pod, stream";
    }
}
