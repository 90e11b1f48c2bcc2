package io.overlaywatch.jobs.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.overlaywatch.model.Alert;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Alerts as the body of Alertmanager's {@code POST /api/v2/alerts}: an array of postable alerts. Labels identify
 * an alert (Alertmanager groups, routes and de-duplicates by them), so they hold only what stays the same across
 * an episode; the numbers go into annotations. A resolved alert carries {@code endsAt}; a firing one leaves it out,
 * so Alertmanager resolves it after its {@code resolve_timeout} unless it is sent again.
 */
final class AlertmanagerPayload {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertmanagerPayload() {
    }

    static byte[] json(List<Alert> alerts, String generatorUrl) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Alert a : alerts) {
            ObjectNode alert = array.addObject();
            ObjectNode labels = alert.putObject("labels");
            labels.put("alertname", alertname(a.type()));
            labels.put("type", a.type().wireName());
            labels.put("key", a.key());
            labels.put("run", a.run());
            labels.put("severity", severity(a.type()));
            ObjectNode annotations = alert.putObject("annotations");
            annotations.put("summary", a.reason());
            annotations.put("observed", number(a.observed()));
            annotations.put("baseline", number(a.baseline()));
            annotations.put("change_pct", String.format(Locale.ROOT, "%.2f", a.changePct()));
            annotations.put("score", number(a.score()));
            String time = Instant.ofEpochMilli(a.time()).toString();
            alert.put("startsAt", time);
            if (a.status() == Alert.Status.RESOLVED) {
                // Alertmanager keeps the firing alert's start when it merges this one with it.
                alert.put("endsAt", time);
            }
            if (!generatorUrl.isEmpty()) {
                alert.put("generatorURL", generatorUrl);
            }
        }
        try {
            return MAPPER.writeValueAsBytes(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + alerts.size() + " alerts for Alertmanager", e);
        }
    }

    /** "OverlaywatchRegression", "OverlaywatchProbeError": Alertmanager's convention of one CamelCase name per rule. */
    static String alertname(Alert.Type type) {
        StringBuilder name = new StringBuilder("Overlaywatch");
        for (String part : type.wireName().split("_")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    /**
     * Regressions and stalls need someone now; changes, loss and probe errors need a look; a degradation within a
     * run is a measured property of the datapath (the paper's finding), worth knowing but not an incident.
     */
    static String severity(Alert.Type type) {
        return switch (type) {
            case REGRESSION, STALL -> "critical";
            case CHANGE, LOSS, PROBE_ERROR -> "warning";
            case DEGRADATION -> "info";
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }
}
