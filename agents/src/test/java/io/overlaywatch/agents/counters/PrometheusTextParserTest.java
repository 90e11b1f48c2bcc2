package io.overlaywatch.agents.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class PrometheusTextParserTest {

    private static PrometheusSample only(Exposition page) {
        assertThat(page.problems()).isEmpty();
        assertThat(page.samples()).hasSize(1);
        return page.samples().get(0);
    }

    @Test
    void shouldGroupASummarysQuantilesSumAndCountUnderItsFamily() {
        Exposition page = PrometheusTextParser.parse(CounterGoldenCase.named("prometheus-felix").input());

        assertThat(page.problems()).isEmpty();
        List<PrometheusSample> apply = page.family("felix_int_dataplane_apply_time_seconds");
        assertThat(apply).extracting(PrometheusSample::name).containsExactly(
                "felix_int_dataplane_apply_time_seconds", "felix_int_dataplane_apply_time_seconds",
                "felix_int_dataplane_apply_time_seconds", "felix_int_dataplane_apply_time_seconds_sum",
                "felix_int_dataplane_apply_time_seconds_count");
        assertThat(apply).extracting(PrometheusSample::type).containsOnly(MetricType.SUMMARY);
        assertThat(apply.get(0).labels()).containsExactly(entry("quantile", "0.5"));
        assertThat(apply.get(0).value()).isNaN();
        assertThat(apply.get(4).value()).isEqualTo(10_342.0);
        assertThat(page.types()).containsEntry("felix_iptables_rules", MetricType.GAUGE)
                .containsEntry("felix_iptables_restore_calls", MetricType.COUNTER);
        assertThat(page.help()).containsEntry("felix_iptables_rules", "Number of active iptables rules.");
        assertThat(page.family("felix_iptables_rules")).extracting(s -> s.labels().get("table"), PrometheusSample::value)
                .contains(org.assertj.core.groups.Tuple.tuple("filter", 10_231.0));
    }

    @Test
    void shouldGroupAHistogramsBucketsWithTheirUpperBoundsUnderItsFamily() {
        Exposition page = PrometheusTextParser.parse(CounterGoldenCase.named("prometheus-cilium").input());

        assertThat(page.problems()).isEmpty();
        List<PrometheusSample> delay = page.family("cilium_policy_implementation_delay");
        assertThat(delay).hasSize(14).extracting(PrometheusSample::type).containsOnly(MetricType.HISTOGRAM);
        PrometheusSample last = delay.get(11);
        assertThat(last.name()).isEqualTo("cilium_policy_implementation_delay_bucket");
        assertThat(last.labels()).containsExactly(entry("source", "k8s"), entry("le", "+Inf"));
        assertThat(last.value()).isEqualTo(delay.get(13).value()).isEqualTo(10_000.0);
        assertThat(page.family("cilium_drop_count_total")).extracting(s -> s.labels().get("reason"))
                .containsExactly("Stale or unroutable IP", "Policy denied", "Unsupported L3 protocol");
        assertThat(page.family("cilium_forward_count_total").get(0).value()).isEqualTo(81_223_691.0);
    }

    @Test
    void shouldUnescapeLabelValuesAndKeepBracesCommasAndEqualsInsideQuotes() {
        String text = "cilium_k8s_client_api_calls_total{method=\"GET\",path=\"/api/v1/namespaces/{namespace}/pods\","
                + "note=\"a,b=c} # not a comment\",quote=\"deny \\\"all\\\"\",win=\"C:\\\\temp\\\\\",two=\"line1\\nline2\"} 7\n";

        PrometheusSample sample = only(PrometheusTextParser.parse(text));

        assertThat(sample.labels()).containsExactly(
                entry("method", "GET"),
                entry("path", "/api/v1/namespaces/{namespace}/pods"),
                entry("note", "a,b=c} # not a comment"),
                entry("quote", "deny \"all\""),
                entry("win", "C:\\temp\\"),
                entry("two", "line1\nline2"));
        assertThat(sample.value()).isEqualTo(7.0);
        assertThat(sample.type()).isEqualTo(MetricType.UNTYPED);
    }

    @Test
    void shouldUnescapeHelpTextAndIgnoreOtherComments() {
        String text = """
                # A plain comment with "quotes" and {braces}
                #HELPER is a comment too
                #   HELP cilium_policy Number of policies\\nloaded from C:\\\\policies
                # TYPE cilium_policy gauge
                cilium_policy 3
                """;

        Exposition page = PrometheusTextParser.parse(text);

        assertThat(page.problems()).isEmpty();
        assertThat(page.help()).containsExactly(entry("cilium_policy", "Number of policies\nloaded from C:\\policies"));
        assertThat(page.samples()).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo(MetricType.GAUGE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NaN|NaN", "nan|NaN", "+Inf|Infinity", "-Inf|-Infinity", "+inf|Infinity", "Inf|Infinity",
            "1e3|1000", "-1.5E-3|-0.0015", "+3|3", ".5|0.5", "7.|7", "0|0", "18446744073709551615|1.8446744073709552E19"})
    void shouldReadEveryValueSpellingOfGosParseFloat(String printed, double expected) {
        PrometheusSample sample = only(PrometheusTextParser.parse("m " + printed));

        // Double.compare: NaN equals NaN.
        assertThat(Double.compare(sample.value(), expected)).as("%s read as %s", printed, sample.value()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"1d", "0x10", "1,5", "1e", "--1", "Infinityy", "+NaN"})
    void shouldRejectValuesJavaWouldParseButPrometheusWouldNot(String printed) {
        Exposition page = PrometheusTextParser.parse("m " + printed);

        assertThat(page.samples()).isEmpty();
        assertThat(page.problems()).containsExactly("line 1, column 3: value '" + printed + "' of m is not a number");
    }

    @Test
    void shouldReadOptionalTimestampsTabsTrailingCommasAndEmptyBraces() {
        String text = "http_requests_total{method=\"post\",code=\"200\",} 1027 1395066363000\n"
                + "\tcilium_policy{}\t\t12\t-5\n"
                + "felix_cluster_num_policies 3\r\n";

        Exposition page = PrometheusTextParser.parse(text);

        assertThat(page.problems()).isEmpty();
        assertThat(page.samples()).extracting(PrometheusSample::name, PrometheusSample::timestamp).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http_requests_total", OptionalLong.of(1_395_066_363_000L)),
                org.assertj.core.groups.Tuple.tuple("cilium_policy", OptionalLong.of(-5)),
                org.assertj.core.groups.Tuple.tuple("felix_cluster_num_policies", OptionalLong.empty()));
        assertThat(page.samples().get(0).labels()).containsExactly(entry("method", "post"), entry("code", "200"));
        assertThat(page.samples().get(1).labels()).isEmpty();
    }

    @Test
    void shouldNameTheLineAndColumnOfEveryBadLineAndReadTheOthers() {
        String text = String.join("\n",
                "# TYPE cilium_drop_count_total counter",
                "cilium_drop_count_total{reason=\"Policy denied} 1",
                "cilium_drop_count_total{reason=Policy} 1",
                "cilium_drop_count_total{1reason=\"x\"} 1",
                "cilium_drop_count_total{reason=\"x\" direction=\"y\"} 1",
                "cilium_drop_count_total{reason=\"a\\tb\"} 1",
                "cilium_drop_count_total{reason=\"x\",reason=\"y\"} 1",
                "cilium_drop_count_total",
                "cilium_drop_count_total{reason=\"x\"}1",
                "cilium_drop_count_total 1 2 3",
                "cilium_drop_count_total 1 12.5",
                "9cilium 1",
                "# TYPE felix_iptables_rules gaugee",
                "# TYPE cilium_drop_count_total counter",
                "# TYPE cilium_forward_count_total",
                "cilium_drop_count_total{reason=\"ok\"} 5",
                "cilium_drop_count_total{reason=\"x\"",
                "");

        Exposition page = PrometheusTextParser.parse(text);

        assertThat(page.problems()).containsExactly(
                "line 2, column 49: value of label reason is not closed with '\"'",
                "line 3, column 32: expected '\"' to open the value of label reason, found 'P'",
                "line 4, column 25: expected a label name, found '1'",
                "line 5, column 36: expected ',' or '}' after the value of label reason, found 'd'",
                "line 6, column 34: invalid escape '\\t' in the value of label reason (only \\\\, \\\" and \\n are allowed)",
                "line 7, column 36: label reason appears twice",
                "line 8, column 24: line ends before the value of cilium_drop_count_total",
                "line 9, column 36: expected a blank before the value of cilium_drop_count_total, found '1'",
                "line 10, column 29: unexpected text after the timestamp of cilium_drop_count_total",
                "line 11, column 27: timestamp '12.5' of cilium_drop_count_total is not an integer of milliseconds",
                "line 12, column 1: expected a metric name, found '9'",
                "line 13, column 29: unknown metric type 'gaugee', expected counter, gauge, histogram, summary or untyped",
                "line 14, column 3: second TYPE line for cilium_drop_count_total",
                "line 15, column 34: line ends after the metric name cilium_forward_count_total",
                "line 17, column 35: labels are not closed with '}'");
        assertThat(page.samples()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsExactly(entry("reason", "ok"));
            assertThat(s.type()).isEqualTo(MetricType.COUNTER);
        });
    }

    @Test
    void shouldRejectHistogramAndSummarySamplesWithoutTheirBoundLabels() {
        String text = """
                # TYPE cilium_policy_implementation_delay histogram
                cilium_policy_implementation_delay_bucket{source="k8s"} 1
                cilium_policy_implementation_delay_bucket{le="soon"} 1
                cilium_policy_implementation_delay{source="k8s"} 1
                cilium_policy_implementation_delay_count 1
                # TYPE felix_int_dataplane_apply_time_seconds summary
                felix_int_dataplane_apply_time_seconds 0.01
                felix_int_dataplane_apply_time_seconds_sum 0.01
                """;

        Exposition page = PrometheusTextParser.parse(text);

        assertThat(page.problems()).containsExactly(
                "line 2, column 1: cilium_policy_implementation_delay_bucket has no le label",
                "line 3, column 1: label le=\"soon\" of cilium_policy_implementation_delay_bucket is not a number",
                "line 4, column 1: histogram cilium_policy_implementation_delay has a sample without _bucket, _sum or _count",
                "line 7, column 1: felix_int_dataplane_apply_time_seconds has no quantile label");
        assertThat(page.samples()).extracting(PrometheusSample::name, PrometheusSample::family).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cilium_policy_implementation_delay_count", "cilium_policy_implementation_delay"),
                org.assertj.core.groups.Tuple.tuple("felix_int_dataplane_apply_time_seconds_sum", "felix_int_dataplane_apply_time_seconds"));
    }

    @Test
    void shouldRejectATypeLineThatComesAfterItsSamples() {
        Exposition page = PrometheusTextParser.parse("felix_iptables_rules 3\n# TYPE felix_iptables_rules gauge\n");

        assertThat(page.problems()).containsExactly("line 2, column 3: TYPE line for felix_iptables_rules comes after its samples");
        assertThat(page.samples()).singleElement().satisfies(s -> assertThat(s.type()).isEqualTo(MetricType.UNTYPED));
    }

    @Test
    void shouldTreatSuffixesAsTheirOwnFamiliesWhenNoHistogramOrSummaryClaimsThem() {
        Exposition page = PrometheusTextParser.parse("""
                # TYPE cilium_policy gauge
                cilium_policy_count 4
                cilium_policy_bucket{le="1"} 2
                """);

        assertThat(page.problems()).isEmpty();
        assertThat(page.samples()).extracting(PrometheusSample::family, PrometheusSample::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cilium_policy_count", MetricType.UNTYPED),
                org.assertj.core.groups.Tuple.tuple("cilium_policy_bucket", MetricType.UNTYPED));
    }

    @Test
    void shouldReportNoTextAndReadAnEmptyPageAsNothing() {
        assertThat(PrometheusTextParser.parse(null).problems()).containsExactly("no text");
        Exposition empty = PrometheusTextParser.parse("");
        assertThat(empty.samples()).isEmpty();
        assertThat(empty.problems()).isEmpty();
    }

    @Test
    void shouldNeverThrowWhateverTheBytesAre() {
        String page = CounterGoldenCase.named("prometheus-cilium").input() + CounterGoldenCase.named("prometheus-felix").input();
        String tricky = "{}\",=\\ \t\n#\r9aZ_:+-.eE\u0000\u00e9";
        Random random = new Random(20_240_501L);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int round = 0; round < 3_000; round++) {
            StringBuilder mutated = new StringBuilder(page);
            for (int edit = 0; edit < 1 + random.nextInt(8); edit++) {
                int at = random.nextInt(mutated.length());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.deleteCharAt(at);
                    case 1 -> mutated.insert(at, tricky.charAt(random.nextInt(tricky.length())));
                    default -> mutated.setCharAt(at, tricky.charAt(random.nextInt(tricky.length())));
                }
            }

            Exposition parsed = PrometheusTextParser.parse(mutated.toString());

            assertThat(parsed.problems()).allSatisfy(p -> assertThat(p).matches("line \\d+, column \\d+: .+"));
            seen.merge(parsed.problems().isEmpty() ? "clean" : "problems", 1, Integer::sum);
        }
        assertThat(seen).containsKeys("clean", "problems");
    }
}
