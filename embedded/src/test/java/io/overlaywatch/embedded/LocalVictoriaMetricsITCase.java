package io.overlaywatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through the InfluxDB v2 API of a real {@link LocalVictoriaMetrics} and exports it back. */
class LocalVictoriaMetricsITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static LocalVictoriaMetrics victoria;

    @BeforeAll
    static void startVictoria() throws Exception {
        victoria = LocalVictoriaMetrics.start(dataDir);
    }

    @AfterAll
    static void stopVictoria() {
        if (victoria != null) {
            victoria.close();
        }
    }

    @Test
    void shouldExportPointsWrittenThroughTheV2WriteApi() throws Exception {
        // v2 timestamps default to nanoseconds.
        int status = TestHttp.postText(victoria.url() + "/api/v2/write?bucket=x&org=o",
                "step_summary,run=r1,policies=1000 mean_bps=9.3e9 1700000000000000000\n");
        assertThat(status).isEqualTo(204);

        String exported = victoria.export("{__name__=\"step_summary_mean_bps\"}");

        JsonNode series = JSON.readTree(exported.strip());
        assertThat(series.at("/metric/__name__").asText()).isEqualTo("step_summary_mean_bps");
        assertThat(series.at("/metric/run").asText()).isEqualTo("r1");
        assertThat(series.at("/values/0").asDouble()).isEqualTo(9.3e9);
        assertThat(series.at("/timestamps/0").asLong()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(victoria.url()).startsWith("http://127.0.0.1:");
        assertThat(ListeningSockets.of(TestHttp.child("victoria-metrics").pid()))
                .isNotEmpty()
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
    }
}
