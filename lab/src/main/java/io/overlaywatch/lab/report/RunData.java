package io.overlaywatch.lab.report;

import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.lab.RunAnalysis;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Everything the report shows of one run, read from InfluxDB: its sweep points, its step summaries on the relevant
 * side, the job's run summaries, its alerts and the throughput of its live links.
 *
 * @param run       the run id
 * @param sweeps    sweep points, as the lab computes them
 * @param steps     {@code step_summary} rows of the relevant side, in time order
 * @param summaries {@code run_summary} rows, one per sweep line
 * @param alerts    {@code alert} rows, in time order
 * @param links     live per-link throughput rows (time, src_node, dst_node, protocol, bps), empty without live samples
 */
public record RunData(String run, SweepResults sweeps, List<Map<String, Object>> steps,
                      List<Map<String, Object>> summaries, List<Map<String, Object>> alerts,
                      List<Map<String, Object>> links) {

    /** Points per link on the live figure: enough to see a dip, few enough to read. */
    private static final int LINK_POINTS = 300;
    private static final String RELEVANT = "((\"protocol\" = 'tcp' AND \"side\" = 'sender')"
            + " OR (\"protocol\" = 'udp' AND \"side\" = 'receiver'))";

    /** Reads the run; throws {@link RunNotFoundException} when InfluxDB holds nothing of it. */
    public static RunData read(InfluxQuery query, String run) throws IOException {
        List<Map<String, Object>> stepRows = query.rows(SweepReader.stepQuery(run));
        SweepResults sweeps = SweepResults.fromRows(run, stepRows, query.rows(SweepReader.streamQuery(run)));
        List<Map<String, Object>> steps = stepRows.stream()
                .filter(r -> RelevantSide.matches(Rows.text(r, "protocol"), Rows.text(r, "side"))).toList();
        RunAnalysis analysis = RunAnalysis.read(query, run);
        List<Map<String, Object>> summaries = analysis.summaries();
        List<Map<String, Object>> alerts = analysis.alerts();
        List<Map<String, Object>> links = links(query, "\"run\" = " + InfluxQuery.literal(run));
        if (stepRows.isEmpty() && links.isEmpty() && alerts.isEmpty()) {
            List<String> known = query.rows("SHOW TAG VALUES FROM \"iperf_interval\" WITH KEY = \"run\"").stream()
                    .map(r -> String.valueOf(r.get("value"))).toList();
            throw new RunNotFoundException(run, known);
        }
        return new RunData(run, sweeps, steps, summaries, alerts, links);
    }

    /** Each live link's throughput, its streams' means summed, in buckets that give about {@link #LINK_POINTS}. */
    private static List<Map<String, Object>> links(InfluxQuery query, String where) throws IOException {
        String live = where + " AND \"scenario\" = 'live' AND " + RELEVANT
                + " AND \"stream\" != 'SUM' AND \"omitted\" = false";
        List<Map<String, Object>> first = query.rows("SELECT first(\"bps\") FROM \"iperf_interval\" WHERE " + live);
        List<Map<String, Object>> last = query.rows("SELECT last(\"bps\") FROM \"iperf_interval\" WHERE " + live);
        if (first.isEmpty()) {
            return List.of();
        }
        long from = ((Number) first.get(0).get("time")).longValue();
        long to = ((Number) last.get(0).get("time")).longValue();
        long bucket = Math.max(1, (to - from) / 1000 / LINK_POINTS);
        // GROUP BY time needs bounds, or InfluxDB counts buckets from 1970.
        String range = "time >= " + from + "ms AND time <= " + to + "ms";
        String group = "GROUP BY time(" + bucket + "s), \"src_node\", \"dst_node\", \"protocol\"";
        return query.rows("SELECT sum(\"bps\") AS \"bps\" FROM (SELECT mean(\"bps\") AS \"bps\" FROM \"iperf_interval\""
                + " WHERE " + live + " AND " + range + " " + group + ", \"client_pod\", \"stream\")"
                + " WHERE " + range + " " + group + " fill(none)");
    }
}
