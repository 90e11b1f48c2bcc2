package io.overlaywatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes line protocol to a real {@link LocalInfluxDb} and reads it back with InfluxQL. */
class LocalInfluxDbITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static LocalInfluxDb influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = LocalInfluxDb.start(dataDir);
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void shouldAnswerInfluxQlWithTheWrittenPoints() throws Exception {
        influx.createDatabase("overlaywatch");
        // "policies" is an InfluxQL keyword, as dashboards will meet it.
        int status = TestHttp.postText(influx.url() + "/write?db=overlaywatch&precision=ms",
                "iperf_interval,run=r1,policies=1000 bps=9.3e9,retransmits=4i 1700000000000\n"
                        + "iperf_interval,run=r1,policies=1000 bps=9.1e9,retransmits=0i 1700000001000\n"
                        + "iperf_interval,run=r1,policies=0 bps=30.9e9,retransmits=1i 1700000000000\n");
        assertThat(status).isEqualTo(204);

        JsonNode values = JSON.readTree(influx.query("overlaywatch",
                        "SELECT \"bps\", \"retransmits\" FROM \"iperf_interval\" WHERE \"policies\" = '1000'"))
                .at("/results/0/series/0/values");

        assertThat(values).hasSize(2);
        assertThat(values.get(0).get(0).asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(values.get(0).get(1).asDouble()).isEqualTo(9.3e9);
        assertThat(values.get(0).get(2).asLong()).isEqualTo(4);
        assertThat(values.get(1).get(1).asDouble()).isEqualTo(9.1e9);
    }

    @Test
    void shouldKeepItsPointsAndUrlAcrossAStopAndRestart() throws Exception {
        influx.createDatabase("restarted");
        String write = influx.url() + "/write?db=restarted&precision=ms";
        assertThat(TestHttp.postText(write, "m,k=v f=1 1700000000000\n")).isEqualTo(204);
        String url = influx.url();

        influx.stopServer();
        assertThatThrownBy(() -> TestHttp.postText(write, "m,k=v f=2 1700000001000\n"))
                .isInstanceOf(IOException.class);
        influx.restartServer();

        assertThat(influx.url()).isEqualTo(url);
        assertThat(TestHttp.postText(write, "m,k=v f=2 1700000001000\n")).isEqualTo(204);
        assertThat(JSON.readTree(influx.query("restarted", "SELECT f FROM m")).at("/results/0/series/0/values"))
                .hasSize(2);
    }

    @Test
    void shouldCreateDatabasesIdempotentlyWhateverTheirName() throws Exception {
        String name = "it \"quoted\" db";
        influx.createDatabase(name);
        influx.createDatabase(name);

        assertThat(influx.query(name, "SHOW DATABASES")).contains("it \\\"quoted\\\" db");
    }

    @Test
    void shouldThrowWhenAStatementFailsInsideA200() {
        assertThatThrownBy(() -> influx.query("no_such_db", "SELECT * FROM \"m\""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("database not found");
    }

    @Test
    void shouldThrowWithStatusAndBodyOnABadRequest() {
        assertThatThrownBy(() -> influx.query("overlaywatch", "SELEC nonsense"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("error parsing query");
    }

    @Test
    void shouldListenOnLoopbackOnly() throws Exception {
        assertThat(influx.url()).startsWith("http://127.0.0.1:");
        assertThat(ListeningSockets.of(TestHttp.child("influxd").pid()))
                .hasSize(2)
                .allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
    }
}
