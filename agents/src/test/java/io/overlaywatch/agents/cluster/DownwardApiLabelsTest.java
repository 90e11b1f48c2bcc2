package io.overlaywatch.agents.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DownwardApiLabelsTest {

    @Test
    void shouldReadTheKubeletsLabelsFile() {
        // As the kubelet writes it: sorted, %q-quoted, no newline after the last line.
        String file = "app.kubernetes.io/part-of=\"overlaywatch\"\npod-template-hash=\"7d9f8b6c5d\"\nrole=\"client\"";
        assertThat(DownwardApiLabels.parse(file)).containsExactly(
                Map.entry("app.kubernetes.io/part-of", "overlaywatch"),
                Map.entry("pod-template-hash", "7d9f8b6c5d"),
                Map.entry("role", "client"));
    }

    @Test
    void shouldUnquoteGoEscapes() {
        assertThat(DownwardApiLabels.parse("note=\"a \\\"b\\\" \\\\ c\\n\\x41\\u00e9\"\n"))
                .containsEntry("note", "a \"b\" \\ c\nAé");
    }

    @Test
    void shouldReadAnEmptyFileAsNoLabels() {
        assertThat(DownwardApiLabels.parse("")).isEmpty();
    }

    @Test
    void shouldNameTheLineThatIsNotALabel() {
        assertThatThrownBy(() -> DownwardApiLabels.parse("role=\"client\"\nrole client"))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> DownwardApiLabels.parse("role=\"cli\\qent\""))
                .hasMessageContaining("line 1").hasMessageContaining("\\q");
        assertThatThrownBy(() -> DownwardApiLabels.parse("role=\"\\x4\""))
                .hasMessageContaining("bad \\x escape");
    }
}
