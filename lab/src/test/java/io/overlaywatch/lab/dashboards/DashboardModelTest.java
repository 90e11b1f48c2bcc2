package io.overlaywatch.lab.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard files are Grafana dashboard models that provision cleanly beside each other and the datasource. */
class DashboardModelTest {

    /** Tags and fields of the job's series that are InfluxQL keywords: unquoted, they break the query. */
    private static final Pattern BARE_KEYWORD = Pattern.compile("(?i)\\b(policies|key|name)\\b");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|/\\^[^/]*/");

    private final Map<String, JsonNode> dashboards = Dashboards.all();

    @Test
    void shouldHaveEveryDashboardTheDeployManifestsMount() throws IOException {
        assertThat(dashboards).containsOnlyKeys(Dashboards.FILES);
        try (var files = Files.list(Dashboards.DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(Dashboards.FILES);
        }
    }

    @Test
    void shouldCarryTheFieldsGrafanaRequiresWithUidsAndTitlesUniqueAcrossDashboards() {
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        dashboards.forEach((file, d) -> {
            assertThat(d.path("uid").asText()).as("%s uid", file).matches("[A-Za-z0-9-]{1,40}");
            assertThat(d.path("title").asText()).as("%s title", file).isNotBlank();
            assertThat(d.path("schemaVersion").asInt()).as("%s schemaVersion", file).isGreaterThanOrEqualTo(39);
            assertThat(d.path("time").path("from").asText()).as("%s time", file).isNotBlank();
            assertThat(d.path("templating").path("list").isArray()).as("%s templating", file).isTrue();
            assertThat(d.has("id")).as("%s must leave id to Grafana", file).isFalse();
            assertThat(uids.add(d.path("uid").asText())).as("%s uid unique", file).isTrue();
            assertThat(titles.add(d.path("title").asText())).as("%s title unique", file).isTrue();
        });
    }

    @Test
    void shouldGivePanelsUniqueIdsAndPlacesOnTheGrid() {
        dashboards.forEach((file, d) -> {
            List<JsonNode> panels = Dashboards.panels(d);
            assertThat(panels).as("%s panels", file).isNotEmpty();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : panels) {
                String what = file + " panel " + p.path("title").asText();
                assertThat(ids.add(p.path("id").asInt())).as("%s id unique", what).isTrue();
                assertThat(p.path("id").asInt()).as("%s id", what).isPositive();
                assertThat(p.path("type").asText()).as("%s type", what).isNotBlank();
                assertThat(p.path("title").asText()).as("%s title", what).isNotBlank();
                JsonNode grid = p.path("gridPos");
                for (String k : List.of("h", "w", "x", "y")) {
                    assertThat(grid.path(k).isInt()).as("%s gridPos.%s", what, k).isTrue();
                }
                assertThat(grid.path("w").asInt()).as("%s width", what).isBetween(1, 24);
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s right edge", what)
                        .isLessThanOrEqualTo(24);
                assertThat(grid.path("h").asInt()).as("%s height", what).isPositive();
            }
            assertNoOverlap(file, panels);
        });
    }

    @Test
    void shouldPointEveryDatasourceReferenceAtTheProvisionedInfluxDb() throws IOException {
        List<String> provisioned = Dashboards.provisionedDatasourceUids();
        assertThat(provisioned).containsExactly("overlaywatch-influxdb");
        dashboards.forEach((file, d) -> {
            List<JsonNode> references = new ArrayList<>();
            collectDatasources(d, references);
            assertThat(references).as("%s datasource references", file).isNotEmpty();
            for (JsonNode ref : references) {
                if (ref.path("type").asText().equals("grafana")) {
                    continue; // Grafana's built-in annotations
                }
                assertThat(ref.path("type").asText()).as("%s datasource %s", file, ref).isEqualTo("influxdb");
                assertThat(provisioned).as("%s datasource %s", file, ref).contains(ref.path("uid").asText());
            }
        });
    }

    @Test
    void shouldWriteRawInfluxQlWithKeywordTagsQuoted() {
        dashboards.forEach((file, d) -> {
            List<String> queries = new ArrayList<>();
            for (JsonNode p : Dashboards.panels(d)) {
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("rawQuery").asBoolean()).as("%s %s rawQuery", file, p.path("title")).isTrue();
                    assertThat(refIds.add(t.path("refId").asText())).as("%s refId unique", file).isTrue();
                    queries.add(t.path("query").asText());
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                assertThat(v.path("type").asText()).isEqualTo("query");
                assertThat(v.path("query").asText()).as("%s $%s", file, v.path("name").asText())
                        .startsWith("SHOW TAG VALUES FROM");
                queries.add(v.path("query").asText());
            }
            Dashboards.annotations(d).forEach(a -> queries.add(a.path("query").asText()));
            for (String q : queries) {
                assertThat(q).as(file).isNotBlank();
                // SHOW TAG VALUES ... WITH KEY is the keyword in its place.
                String bare = QUOTED.matcher(q).replaceAll("").replaceAll("(?i)WITH KEY", "");
                assertThat(BARE_KEYWORD.matcher(bare).find())
                        .as("%s: keyword used unquoted in %s", file, q).isFalse();
            }
        });
    }

    @Test
    void shouldProvisionTheDashboardsFromTheFolderTheDeployMounts() throws IOException {
        String provider = Files.readString(Dashboards.DIR.resolve("provisioning/dashboards.yaml"));
        assertThat(provider).contains("type: file").contains("path: /var/lib/grafana/dashboards/overlaywatch");
        String datasource = Files.readString(Dashboards.DIR.resolve("provisioning/datasource.yaml"));
        assertThat(datasource).contains("type: influxdb").contains("version: InfluxQL")
                .contains("${OVERLAYWATCH_INFLUX_URL}").contains("${OVERLAYWATCH_INFLUX_DB}");
    }

    private static void collectDatasources(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("datasource")) {
                    out.add(e.getValue());
                } else {
                    collectDatasources(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectDatasources(n, out));
        }
    }

    private static void assertNoOverlap(String file, List<JsonNode> panels) {
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode a = panels.get(i).path("gridPos");
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as("%s: panels %s and %s overlap", file, panels.get(i).path("title"),
                        panels.get(j).path("title")).isFalse();
            }
        }
    }
}
