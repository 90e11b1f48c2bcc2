package io.overlaywatch.lab.dashboards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a dashboard's InfluxQL the way Grafana's InfluxDB datasource does before it sends it: {@code $timeFilter}
 * becomes {@code time >= <from>ms and time <= <to>ms}; {@code $__interval} is the range over the panel's data points
 * rounded to a step no finer than the datasource's 1 s; {@code $__interval_ms}, {@code $__from} and {@code $__to} are
 * milliseconds; template variables in the {@code $var}, {@code ${var}}, {@code ${var:format}} and {@code [[var]]}
 * forms take their selected values, a multi-value or "All" selection as a regex alternation of escaped values.
 */
final class GrafanaTemplate {

    /** A template variable's selection: its values, and whether Grafana treats it as multi-valued. */
    record Selection(List<String> values, boolean multi, boolean includeAll) {
    }

    private static final int MAX_DATA_POINTS = 1000;
    /** The datasource's minimum interval (timeInterval in datasource.yaml). */
    private static final long MIN_INTERVAL_MS = 1000;
    private static final long[] STEPS_MS = {1000, 2000, 5000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000,
            300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000};
    // Grafana's variable syntaxes: $name, [[name]] or [[name:format]], ${name} or ${name:format}.
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[\\s*(\\w+)\\s*(?::(\\w+))?]]|\\$\\{(\\w+)(?::([^}]+))?}");
    private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$*+?.()|\\[\\]{}/]");

    private final long fromMs;
    private final long toMs;
    private final Map<String, Selection> variables = new LinkedHashMap<>();

    GrafanaTemplate(long fromMs, long toMs) {
        this.fromMs = fromMs;
        this.toMs = toMs;
    }

    void select(String name, Selection selection) {
        variables.put(name, selection);
    }

    long intervalMs() {
        long raw = Math.max(MIN_INTERVAL_MS, (toMs - fromMs) / MAX_DATA_POINTS);
        for (long step : STEPS_MS) {
            if (step >= raw) {
                return step;
            }
        }
        return STEPS_MS[STEPS_MS.length - 1];
    }

    static String duration(long ms) {
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    String expand(String query) {
        String timeFilter = "time >= " + fromMs + "ms and time <= " + toMs + "ms";
        Map<String, String> builtIns = Map.of(
                "timeFilter", timeFilter,
                "__interval", duration(intervalMs()),
                "__interval_ms", Long.toString(intervalMs()),
                "__from", Long.toString(fromMs),
                "__to", Long.toString(toMs));
        Matcher m = VARIABLE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(5);
            String value;
            if (builtIns.containsKey(name)) {
                value = builtIns.get(name);
            } else if (variables.containsKey(name)) {
                value = format(variables.get(name), format);
            } else {
                throw new IllegalArgumentException("query names $" + name + ", which is no variable of the dashboard: "
                        + query);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Grafana's InfluxDB formatting: a single plain selection as is, multi and "All" as an escaped alternation. */
    private static String format(Selection s, String format) {
        if ("raw".equals(format)) {
            return String.join(",", s.values());
        }
        boolean regex = "regex".equals(format) || s.multi() || s.includeAll();
        if (!regex) {
            return s.values().get(0);
        }
        List<String> escaped = s.values().stream().map(v -> REGEX_SPECIAL.matcher(v).replaceAll("\\\\$0")).toList();
        return escaped.size() == 1 ? escaped.get(0) : escaped.stream().collect(Collectors.joining("|", "(", ")"));
    }
}
