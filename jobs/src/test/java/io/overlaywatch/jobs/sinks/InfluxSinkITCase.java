package io.overlaywatch.jobs.sinks;

import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalVictoriaMetrics;
import io.overlaywatch.jobs.JobOptions.InfluxApi;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink's two write API generations against real servers, and its loud failure when retries run out. */
class InfluxSinkITCase {

    /** Timers never fire here: every test flushes explicitly. */
    private static final TestProcessingTimeService TIME = new TestProcessingTimeService();

    @TempDir
    static Path dir;
    private static LocalInfluxDb influx;
    private static LocalVictoriaMetrics victoria;

    @BeforeAll
    static void start() throws Exception {
        influx = LocalInfluxDb.start(dir.resolve("influx"));
        victoria = LocalVictoriaMetrics.start(dir.resolve("vm"));
    }

    @AfterAll
    static void stop() {
        if (influx != null) {
            influx.close();
        }
        if (victoria != null) {
            victoria.close();
        }
    }

    private static InfluxSettings settings(InfluxApi api, String url, int batchSize, int retries) {
        return new InfluxSettings(api, url, "sinktest", "", "org", "bucket", "", batchSize, Duration.ofHours(1), retries,
                Duration.ofMillis(10));
    }

    private static List<String> lines() {
        var s = step("sink-run", Protocol.TCP, 0, 10, 1);
        return List.of(InfluxLines.sample(sample(s, Side.SENDER, "a", 0, 1e9, 0)),
                InfluxLines.sample(sample(s, Side.SENDER, "a", 1, 2e9, 0)),
                InfluxLines.sample(sample(s, Side.SENDER, "a", 2, 3e9, 0)));
    }

    private static void writeAll(InfluxSettings settings, List<String> lines) throws Exception {
        SimpleCounter written = new SimpleCounter();
        try (InfluxSinkWriter writer = new InfluxSinkWriter(settings, InfluxWriteApi.open(settings), TIME, written,
                new SimpleCounter())) {
            for (String line : lines) {
                writer.write(line, null);
            }
            writer.flush(false);
        }
        assertThat(written.getCount()).isEqualTo(lines.size());
    }

    @Test
    void shouldWriteThroughTheV1ApiAndOverwriteOnReplay() throws Exception {
        influx.createDatabase("sinktest");
        InfluxSettings settings = settings(InfluxApi.V1, influx.url(), 2, 0);

        writeAll(settings, lines());
        writeAll(settings, lines()); // a replay after a failure

        List<java.util.Map<String, Object>> rows = new InfluxQuery(influx.url(), "sinktest", "")
                .rows("SELECT bps, \"policies\" FROM iperf_interval WHERE run = 'sink-run'");
        assertThat(rows).extracting(r -> ((Number) r.get("bps")).doubleValue()).containsExactly(1e9, 2e9, 3e9);
        assertThat(rows).extracting(r -> r.get("time")).containsExactly(T0 + 1000, T0 + 2000, T0 + 3000);
        assertThat(rows).extracting(r -> r.get("policies")).containsOnly("10");
    }

    @Test
    void shouldWriteThroughTheV2ApiWithTheClientLibrary() throws Exception {
        writeAll(settings(InfluxApi.V2, victoria.url(), 1000, 0), lines());

        String export = victoria.export("{__name__=\"iperf_interval_bps\",run=\"sink-run\"}");
        assertThat(export).contains("\"policies\":\"10\"").contains("\"side\":\"sender\"")
                .contains("1000000000").contains("2000000000").contains("3000000000")
                .contains(Long.toString(T0 + 1000));
    }

    @Test
    void shouldFailLoudlyWhenRetriesRunOut() throws Exception {
        String nobody = "http://127.0.0.1:" + FreePorts.next();
        SimpleCounter retries = new SimpleCounter();
        InfluxSettings settings = settings(InfluxApi.V1, nobody, 1000, 2);
        try (InfluxSinkWriter writer = new InfluxSinkWriter(settings, InfluxWriteApi.open(settings),
                TIME, new SimpleCounter(), retries)) {
            writer.write(lines().get(0), null);

            assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("giving up on 1 points after 2 retries");
        }
        assertThat(retries.getCount()).isEqualTo(2);
    }

    @Test
    void shouldFailAtOnceWhenTheServerRejectsTheData() throws Exception {
        InfluxSettings settings = settings(InfluxApi.V1, influx.url(), 1000, 5);
        SimpleCounter retries = new SimpleCounter();
        try (InfluxSinkWriter writer = new InfluxSinkWriter(settings, InfluxWriteApi.open(settings),
                TIME, new SimpleCounter(), retries)) {
            writer.write("not line protocol at all", null);

            assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class)
                    .hasMessageContaining("rejected 1 points with 4");
        }
        assertThat(retries.getCount()).isZero();
    }
}
