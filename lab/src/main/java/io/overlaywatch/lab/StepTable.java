package io.overlaywatch.lab;

import io.overlaywatch.jobs.query.InfluxQuery;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The step summaries of one run, read back from InfluxDB and printed as a table. */
public final class StepTable {

    private final List<Map<String, Object>> rows;

    private StepTable(List<Map<String, Object>> rows) {
        this.rows = rows;
    }

    /** Reads the run's step summaries, in step order, sender before receiver. */
    public static StepTable read(InfluxQuery query, String run) throws IOException {
        List<Map<String, Object>> rows = query.rows("SELECT * FROM step_summary WHERE run = "
                + InfluxQuery.literal(run));
        rows.sort(Comparator.comparingInt((Map<String, Object> r) -> Integer.parseInt((String) r.get("step")))
                .thenComparing(r -> "receiver".equals(r.get("side"))));
        return new StepTable(rows);
    }

    /** Whether a summary of the given step index and side is there. */
    public boolean has(int step, String side) {
        return rows.stream().anyMatch(r -> Integer.toString(step).equals(r.get("step")) && side.equals(r.get("side")));
    }

    /** Mean per-stream throughput of a step and side in bit/s, 0 when absent. */
    public double meanBps(int step, String side) {
        return rows.stream().filter(r -> Integer.toString(step).equals(r.get("step")) && side.equals(r.get("side")))
                .mapToDouble(r -> number(r, "mean_bps")).findFirst().orElse(0);
    }

    public void print(PrintStream out) {
        String format = "%-5s %-8s %-9s %-8s %7s %8s %10s %10s %10s %13s%n";
        out.printf(format, "step", "protocol", "side", "policies", "streams", "samples", "mean Gb/s", "min Gb/s",
                "max Gb/s", "cumul. Gb/s");
        for (Map<String, Object> r : rows) {
            out.printf(format, r.get("step"), r.get("protocol"), r.get("side"), r.get("policies"),
                    r.get("streams"), r.get("samples"), gbps(r, "mean_bps"), gbps(r, "min_bps"),
                    gbps(r, "max_bps"), gbps(r, "cumulative_mean_bps"));
        }
    }

    private static String gbps(Map<String, Object> row, String column) {
        return String.format("%.3f", number(row, column) / 1e9);
    }

    private static double number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
