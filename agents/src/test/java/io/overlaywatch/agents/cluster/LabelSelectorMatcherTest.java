package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelSelectorMatcherTest {

    private static final Map<String, String> SERVER = Map.of("app", "iperf3", "role", "server", "tier", "bench");

    @Test
    void shouldSelectEveryPodWithAnEmptySelector() {
        assertThat(LabelSelectorMatcher.matches(new LabelSelector(), SERVER)).isTrue();
        assertThat(LabelSelectorMatcher.matches(new LabelSelector(), Map.of())).isTrue();
    }

    @Test
    void shouldSelectNothingWithoutASelector() {
        assertThat(LabelSelectorMatcher.matches(null, SERVER)).isFalse();
    }

    @Test
    void shouldRequireEveryMatchLabel() {
        assertThat(LabelSelectorMatcher.matches(selector("role=server,app=iperf3"), SERVER)).isTrue();
        assertThat(LabelSelectorMatcher.matches(selector("role=server,app=nginx"), SERVER)).isFalse();
        assertThat(LabelSelectorMatcher.matches(selector("zone=a"), SERVER)).isFalse();
    }

    @ParameterizedTest(name = "{0} on server labels: {1}")
    @CsvSource(delimiter = ';', value = {
        "role in (server,db); true",
        "role in (client); false",
        "zone in (a); false",
        "role notin (client); true",
        "role notin (server); false",
        "zone notin (a); true",
        "tier; true",
        "zone; false",
        "!zone; true",
        "!tier; false",
        "role!=client; true",
        "role!=server; false",
        "role==server; true",
        "role in (server),tier,!zone,app notin (nginx); true",
        "role in (server),tier,zone; false"
    })
    void shouldApplyEveryOperatorAsKubernetesDoes(String selector, boolean selected) {
        assertThat(LabelSelectorMatcher.matches(selector(selector), SERVER)).isEqualTo(selected);
    }

    @Test
    void shouldCombineMatchLabelsAndExpressions() {
        LabelSelector both = new LabelSelectorBuilder().addToMatchLabels("role", "server")
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("bench").endMatchExpression()
                .build();
        assertThat(LabelSelectorMatcher.matches(both, SERVER)).isTrue();
        assertThat(LabelSelectorMatcher.matches(both, Map.of("role", "server", "tier", "prod"))).isFalse();
        assertThat(LabelSelectorMatcher.matches(both, Map.of("tier", "bench"))).isFalse();
    }

    @Test
    void shouldRejectAnUnknownOperatorNamingIt() {
        LabelSelector bad = new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("role").withOperator("Gt").withValues("1").endMatchExpression().build();
        assertThatThrownBy(() -> LabelSelectorMatcher.matches(bad, SERVER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Gt'").hasMessageContaining("role");
    }

    @Test
    void shouldReadSelectorsAsKubectlWritesThem() {
        LabelSelector parsed = selector("app.kubernetes.io/part-of=overlaywatch, role in (client, server),!zone");
        assertThat(parsed.getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/part-of", "overlaywatch"));
        assertThat(parsed.getMatchExpressions()).hasSize(2);
        assertThat(parsed.getMatchExpressions().get(0).getOperator()).isEqualTo("In");
        assertThat(parsed.getMatchExpressions().get(0).getValues()).containsExactly("client", "server");
        assertThat(parsed.getMatchExpressions().get(1).getOperator()).isEqualTo("DoesNotExist");
    }

    @Test
    void shouldRejectSelectorsThatAreNotRequirements() {
        assertThatThrownBy(() -> selector("role=server,=x")).hasMessageContaining("'=x'");
        assertThatThrownBy(() -> selector("role in server")).hasMessageContaining("'role in server'");
        assertThatThrownBy(() -> selector(" ")).hasMessageContaining("empty");
    }

    private static LabelSelector selector(String text) {
        return LabelSelectorSyntax.parse(text);
    }
}
