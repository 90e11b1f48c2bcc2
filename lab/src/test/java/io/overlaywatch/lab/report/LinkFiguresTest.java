package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LinkFiguresTest {

    @Test
    void shouldDrawOneLinePerLinkInOnePanelPerProtocolAgainstMinutesSinceTheFirstInterval() {
        long t0 = 1_700_000_000_000L;
        List<Map<String, Object>> rows = List.of(
                row(t0, "node-a", "node-b", "tcp", 20e9),
                row(t0 + 30_000, "node-a", "node-b", "tcp", 10e9),
                row(t0 + 60_000, "node-b", "node-c", "udp", 0.5e9));

        Charts.Spec spec = LinkFigures.spec("r1", rows);

        assertThat(spec.subtitle()).contains("run r1");
        assertThat(spec.series()).extracting(Charts.Series::panel, Charts.Series::name)
                .containsExactly(tuple("TCP", "node-a → node-b"), tuple("UDP", "node-b → node-c"));
        assertThat(spec.series().get(0).x()).containsExactly(0, 0.5);
        assertThat(spec.series().get(0).y()).containsExactly(20, 10);
        assertThat(spec.series().get(1).x()).containsExactly(1);
        assertThat(spec.series().get(0).low()).isNull();
    }

    private static Map<String, Object> row(long time, String src, String dst, String protocol, double bps) {
        return Map.of("time", time, "src_node", src, "dst_node", dst, "protocol", protocol, "bps", bps);
    }
}
