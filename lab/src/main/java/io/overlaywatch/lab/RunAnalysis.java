package io.overlaywatch.lab;

import io.overlaywatch.jobs.query.InfluxQuery;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the job concluded about one run, read back from InfluxDB.
 *
 * @param summaries {@code run_summary} rows, one per scenario, profile and protocol
 * @param alerts    {@code alert} rows, in time order
 */
public record RunAnalysis(List<Map<String, Object>> summaries, List<Map<String, Object>> alerts) {

    /** Reads the run's summaries (by scenario, profile and protocol) and alerts (in time order). */
    public static RunAnalysis read(InfluxQuery query, String run) throws IOException {
        String where = " WHERE \"run\" = " + InfluxQuery.literal(run);
        List<Map<String, Object>> summaries = query.rows("SELECT * FROM \"run_summary\"" + where);
        summaries.sort(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.get("scenario")))
                .thenComparing(r -> String.valueOf(r.get("cni"))).thenComparing(r -> String.valueOf(r.get("protocol"))));
        List<Map<String, Object>> alerts = query.rows("SELECT * FROM \"alert\"" + where);
        alerts.sort(Comparator.comparingLong(r -> ((Number) r.get("time")).longValue()));
        return new RunAnalysis(summaries, alerts);
    }

    /** Number of run summaries: one per scenario, profile and protocol of the run. */
    public int summaryCount() {
        return summaries.size();
    }

    /** The job's verdict on a policy sweep's datapath ({@code linear-cost}, {@code constant-cost}), or null. */
    public String datapath(String cni, String protocol) {
        return summaries.stream().filter(s -> cni.equals(s.get("cni")) && protocol.equals(s.get("protocol")))
                .map(s -> (String) s.get("datapath")).findFirst().orElse(null);
    }

    /** The alerts' types, in time order, e.g. {@code regression}. */
    public List<String> alertTypes() {
        return alerts.stream().map(a -> String.valueOf(a.get("type"))).toList();
    }

    /** The alerts' reasons, in time order. */
    public List<String> alertReasons() {
        return alerts.stream().map(a -> String.valueOf(a.get("reason"))).toList();
    }

    public void print(PrintStream out) {
        for (Map<String, Object> s : summaries) {
            out.printf("  %s %s %s: %s%n", s.get("scenario"), s.get("cni"), s.get("protocol"), s.get("sentence"));
        }
        if (alerts.isEmpty()) {
            out.println("  no alerts");
        }
        for (Map<String, Object> a : alerts) {
            out.printf("  ALERT %s %s %s: %s%n", a.get("type"), a.get("status"), a.get("key"), a.get("reason"));
        }
    }
}
