package io.overlaywatch.lab.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dashboards and provisioning files of the repository's {@code dashboards/} folder, as Grafana reads them. */
final class Dashboards {

    /** The file names the deploy manifests mount. */
    static final List<String> FILES = List.of("policy-scalability.json", "pod-scalability.json", "live.json",
            "cni-counters.json", "run-comparison.json");
    /** Surefire runs in the module's folder; the dashboards sit beside the modules. */
    static final Path DIR = Path.of("..", "dashboards").toAbsolutePath().normalize();

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** Each dashboard by file name, in {@link #FILES} order. */
    static Map<String, JsonNode> all() {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        for (String file : FILES) {
            try {
                dashboards.put(file, JSON.readTree(DIR.resolve(file).toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard " + DIR.resolve(file), e);
            }
        }
        return dashboards;
    }

    /** The uids of the datasources {@code provisioning/datasource.yaml} provisions. */
    static List<String> provisionedDatasourceUids() throws IOException {
        List<String> uids = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s+uid:\\s*(\\S+)\\s*$")
                .matcher(Files.readString(DIR.resolve("provisioning/datasource.yaml")));
        while (m.find()) {
            uids.add(m.group(1));
        }
        return uids;
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** The annotation definitions that query a datasource (Grafana's built-in one left out). */
    static List<JsonNode> annotations(JsonNode dashboard) {
        List<JsonNode> annotations = new ArrayList<>();
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if (a.path("builtIn").asInt() != 1) {
                annotations.add(a);
            }
        }
        return annotations;
    }
}
