package io.overlaywatch.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a live run's per-link throughput into a chart spec: one line per link, one panel per protocol. */
public final class LinkFigures {

    private LinkFigures() {
    }

    /** @param links rows of {@link RunData#links()}: time (epoch ms), src_node, dst_node, protocol, bps */
    public static Charts.Spec spec(String run, List<Map<String, Object>> links) {
        long start = links.stream().mapToLong(r -> ((Number) r.get("time")).longValue()).min().orElse(0);
        Map<List<String>, List<double[]>> lines = new LinkedHashMap<>();
        for (Map<String, Object> row : links) {
            List<String> key = List.of(Rows.text(row, "protocol"),
                    Rows.text(row, "src_node") + " → " + Rows.text(row, "dst_node"));
            double minutes = (((Number) row.get("time")).longValue() - start) / 60_000.0;
            lines.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[]{minutes, Rows.number(row, "bps") / 1e9});
        }
        List<Charts.Series> series = new ArrayList<>();
        lines.forEach((key, points) -> series.add(new Charts.Series(key.get(0).toUpperCase(Locale.ROOT), key.get(1),
                points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(),
                null, null, Double.NaN)));
        return new Charts.Spec("Throughput per link", "run " + run + " · the link's streams summed (TCP sender, UDP receiver)",
                "minutes since the first interval", false, "throughput (Gbit/s)", null, series, List.of());
    }
}
