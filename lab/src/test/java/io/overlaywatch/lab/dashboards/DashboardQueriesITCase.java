package io.overlaywatch.lab.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.ReplayedRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every query of every dashboard (panels, template variables, annotations), expanded as Grafana expands it, run over
 * the HTTP API of a real InfluxDB that the whole pipeline (broker, Flink job) filled from replayed agent records:
 * each must parse and answer with the columns its panel shows, holding values.
 */
class DashboardQueriesITCase {

    /** What an operator picks on each dashboard: the run it is about; every other variable stays on "All". */
    private static final Map<String, Map<String, String>> PICKS = Map.of(
            "policy-scalability.json", Map.of("run", ReplayedRuns.POLICY_RUN),
            "pod-scalability.json", Map.of("run", ReplayedRuns.POD_RUN),
            "live.json", Map.of("run", ReplayedRuns.LIVE_RUN),
            "cni-counters.json", Map.of(),
            "run-comparison.json", Map.of("run_a", ReplayedRuns.POLICY_RUN, "run_b", ReplayedRuns.POLICY_RUN_B));

    @TempDir
    static Path workDir;

    private static LocalPipeline pipeline;
    private static ReplayedRuns runs;

    @BeforeAll
    static void fillInfluxDbThroughThePipeline() throws Exception {
        pipeline = LocalPipeline.start(new LocalPipeline.Endpoints(null, null, "overlaywatch"), workDir,
                "dashboards", System.out);
        runs = ReplayedRuns.build();
        runs.sendTo(pipeline.sink(), pipeline.query(), 30);
        runs.awaitWritten(pipeline.query(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyQueryOfEveryDashboardAnswersWithTheColumnsItsPanelShows() throws IOException {
        List<DynamicContainer> dashboards = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : Dashboards.all().entrySet()) {
            String file = e.getKey();
            JsonNode dashboard = e.getValue();
            List<DynamicTest> tests = new ArrayList<>();
            GrafanaTemplate template = template();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                // Resolved in order, as Grafana does: a variable's query may name the ones before it.
                String name = variable.path("name").asText();
                List<String> values = values(query().rows(template.expand(variable.path("query").asText())));
                String pick = PICKS.get(file).get(name);
                tests.add(DynamicTest.dynamicTest("variable $" + name, () -> {
                    assertThat(values).as("values of $%s", name).isNotEmpty();
                    if (pick != null) {
                        assertThat(values).as("values of $%s", name).contains(pick);
                    }
                }));
                boolean all = variable.path("includeAll").asBoolean() && pick == null;
                template.select(name, new GrafanaTemplate.Selection(
                        pick != null ? List.of(pick) : all || values.isEmpty() ? values : List.of(values.get(0)),
                        variable.path("multi").asBoolean(), variable.path("includeAll").asBoolean()));
            }
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                tests.add(DynamicTest.dynamicTest("panel " + panel.path("title").asText(),
                        () -> assertPanelAnswers(panel, template)));
            }
            for (JsonNode annotation : Dashboards.annotations(dashboard)) {
                tests.add(DynamicTest.dynamicTest("annotation " + annotation.path("name").asText(),
                        () -> assertAnnotationAnswers(annotation, template)));
            }
            dashboards.add(DynamicContainer.dynamicContainer(file, tests));
        }
        return dashboards.stream();
    }

    @Test
    void shouldCompareTwoRunsStepByStepInPercent() throws Exception {
        List<Map<String, Object>> rows = panelRows("run-comparison.json", "Per step: run A, run B and the change",
                Map.of("run_a", ReplayedRuns.POLICY_RUN, "run_b", ReplayedRuns.POLICY_RUN_B));
        // Run B's linear profile was replayed 10% slower at every step; hashed the same.
        assertThat(rows).filteredOn(r -> r.get("cni").equals("linear")).hasSize(6)
                .allSatisfy(r -> assertThat(((Number) r.get("change_pct")).doubleValue()).isCloseTo(-10, within(0.01)));
        assertThat(rows).filteredOn(r -> r.get("cni").equals("hashed")).hasSize(3)
                .allSatisfy(r -> assertThat(((Number) r.get("change_pct")).doubleValue()).isCloseTo(0, within(0.01)));
    }

    @Test
    void shouldScoreFairnessOfPairsWithJainsIndex() throws Exception {
        List<Map<String, Object>> rows = panelRows("pod-scalability.json", "Fairness across pairs (Jain's index)",
                Map.of("run", ReplayedRuns.POD_RUN));
        Map<String, Double> tcp = new LinkedHashMap<>();
        rows.stream().filter(r -> r.get("protocol").equals("tcp"))
                .forEach(r -> tcp.put((String) r.get("pods"), ((Number) r.get("fairness")).doubleValue()));
        // The first pair gets twice the others' share: with 2 pairs (2+1)^2 / (2 * (4+1)) = 0.9;
        // with 4, (2+1+1+1)^2 / (4 * (4+1+1+1)) = 25/28.
        assertThat(tcp.get("1")).isCloseTo(1.0, within(1e-6));
        assertThat(tcp.get("2")).isCloseTo(0.9, within(1e-6));
        assertThat(tcp.get("4")).isCloseTo(25.0 / 28, within(1e-6));
    }

    private static void assertPanelAnswers(JsonNode panel, GrafanaTemplate template) throws IOException {
        Set<String> columns = new HashSet<>();
        assertThat(panel.path("targets")).as("targets").isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
            String expanded = template.expand(target.path("query").asText());
            List<Map<String, Object>> rows = query().rows(expanded);
            assertThat(rows).as("rows of %s", expanded).isNotEmpty();
            QueryShape shape = QueryShape.of(expanded);
            for (String column : shape.columns()) {
                assertThat(rows).as("column %s of %s", column, expanded).anyMatch(r -> r.get(column) != null);
            }
            // Legends name series by their tags ($tag_cni): those tags must come back.
            java.util.regex.Matcher alias = java.util.regex.Pattern.compile("\\$tag_(\\w+)")
                    .matcher(target.path("alias").asText());
            while (alias.find()) {
                assertThat(shape.tags()).as("tags of %s", expanded).contains(alias.group(1));
            }
            columns.addAll(shape.columns());
        }
        for (JsonNode t : panel.path("transformations")) {
            t.path("options").path("renameByName").fields().forEachRemaining(r -> {
                if (columns.contains(r.getKey())) {
                    columns.add(r.getValue().asText());
                }
            });
        }
        assertThat(columns).as("fields the panel's options and transformations name")
                .containsAll(fieldsNamed(panel));
    }

    private static void assertAnnotationAnswers(JsonNode annotation, GrafanaTemplate template) throws IOException {
        assertThat(annotation.path("datasource").path("uid").asText()).isEqualTo("overlaywatch-influxdb");
        String expanded = template.expand(annotation.path("query").asText());
        List<Map<String, Object>> rows = query().rows(expanded);
        assertThat(rows).as("rows of %s", expanded).isNotEmpty();
        List<String> columns = new ArrayList<>(List.of(annotation.path("textColumn").asText(),
                annotation.path("titleColumn").asText()));
        columns.addAll(List.of(annotation.path("tagsColumn").asText().split(",")));
        for (String column : columns) {
            assertThat(rows).as("column %s of %s", column, expanded).anyMatch(r -> r.get(column) != null);
        }
    }

    /** Fields named by the x axis and by field-type conversions and partitions, which fail quietly in Grafana. */
    private static Set<String> fieldsNamed(JsonNode panel) {
        Set<String> fields = new HashSet<>();
        if (panel.path("options").has("xField")) {
            fields.add(panel.path("options").path("xField").asText());
        }
        for (JsonNode t : panel.path("transformations")) {
            t.path("options").path("fields").forEach(f -> {
                if (f.isTextual()) {
                    fields.add(f.asText());
                }
            });
            t.path("options").path("conversions").forEach(c -> fields.add(c.path("targetField").asText()));
        }
        return fields;
    }

    private static List<Map<String, Object>> panelRows(String file, String title, Map<String, String> picks)
            throws IOException {
        JsonNode dashboard = Dashboards.all().get(file);
        GrafanaTemplate template = template();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            List<String> values = picks.containsKey(name) ? List.of(picks.get(name))
                    : values(query().rows(template.expand(variable.path("query").asText())));
            template.select(name, new GrafanaTemplate.Selection(values, variable.path("multi").asBoolean(),
                    variable.path("includeAll").asBoolean()));
        }
        JsonNode panel = Dashboards.panels(dashboard).stream()
                .filter(p -> p.path("title").asText().equals(title)).findFirst().orElseThrow();
        return query().rows(template.expand(panel.path("targets").get(0).path("query").asText()));
    }

    /** The range an operator would pick around the replayed runs. */
    private static GrafanaTemplate template() {
        return new GrafanaTemplate(runs.from() - 60_000, runs.to() + 60_000);
    }

    private static List<String> values(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> Objects.toString(r.get("value"))).distinct().toList();
    }

    private static InfluxQuery query() {
        return pipeline.query();
    }
}
