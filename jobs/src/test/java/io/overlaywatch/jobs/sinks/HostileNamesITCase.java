package io.overlaywatch.jobs.sinks;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.jobs.JobOptions.InfluxApi;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names an attacker controls (run ids, pod names, counter labels) written through the real line-protocol path
 * into a real influxd and read back through InfluxQuery with the same name in the WHERE clause: each finds
 * exactly its own row, and no name adds a series, a tag or a field.
 */
class HostileNamesITCase {

    private static final List<String> HOSTILE = List.of(
            "run with spaces",
            "run,tenant=evil",
            "run=1",
            "run \"double\" quoted",
            "run 'single' quoted",
            "run' OR run =~ /.*/ OR run = '",
            "back\\slash",
            "comma, space = and \\ all",
            "two \\\\ backslashes",
            "backslash\\,comma",
            "backslash\\=equals",
            "bps=1e12 1700000000000",
            "ünïcødé ✓");

    @TempDir
    static Path dir;
    private static LocalInfluxDb influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = LocalInfluxDb.start(dir.resolve("influx"));
        influx.createDatabase("hostile");
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void shouldStoreAndFindEveryHostileNameExactlyWithoutInjectingSeriesTagsOrFields() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String name = HOSTILE.get(i);
            StepKey step = step(name, Protocol.TCP, 0, 1, 1);
            Sample s = sample(step, Side.SENDER, name, 0, 1e9 + i, 0);
            Sample named = new Sample(s.v(), s.time(), s.step(), s.side(), name, name, name, name, s.stream(), s.sum(),
                    s.start(), s.end(), s.omitted(), s.bytes(), s.bitsPerSecond(), s.retransmits(), s.cwndBytes(),
                    s.rttMicros(), s.jitterMs(), s.lost(), s.packets(), s.congestion(), s.affinity());
            assertThat(named.problems()).as(name).isEmpty();
            lines.add(InfluxLines.sample(named));
            lines.add(InfluxLines.counter(new Counter(WireRecord.VERSION, s.time(), name, name, name, "rx_dropped",
                    Map.of("interface", name), i)));
        }
        assertThat(lines).as("one line per point").allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        InfluxSettings settings = new InfluxSettings(InfluxApi.V1, influx.url(), "hostile", "", "org", "bucket", "",
                1000, Duration.ofHours(1), 0, Duration.ofMillis(100));
        try (InfluxWriteApi api = InfluxWriteApi.open(settings)) {
            api.write(lines);
        }

        InfluxQuery query = new InfluxQuery(influx.url(), "hostile", "");
        for (int i = 0; i < HOSTILE.size(); i++) {
            String name = HOSTILE.get(i);
            double bps = 1e9 + i;
            assertThat(query.rows("SELECT bps, client_pod, stream, src_node FROM iperf_interval WHERE run = "
                    + InfluxQuery.literal(name))).as(name).singleElement().satisfies(row -> {
                        assertThat(row).containsEntry("client_pod", name).containsEntry("stream", name)
                                .containsEntry("src_node", name);
                        assertThat(((Number) row.get("bps")).doubleValue()).isEqualTo(bps);
                    });
            long value = i;
            assertThat(query.rows("SELECT value FROM counter WHERE " + InfluxQuery.identifier("interface") + " = "
                    + InfluxQuery.literal(name) + " AND node = " + InfluxQuery.literal(name))).as(name)
                    .singleElement().satisfies(row -> assertThat(((Number) row.get("value")).longValue())
                            .isEqualTo(value));
        }
        assertThat(query.rows("SHOW SERIES FROM iperf_interval")).hasSize(HOSTILE.size());
        assertThat(query.rows("SHOW SERIES FROM counter")).hasSize(HOSTILE.size());
        assertThat(query.rows("SHOW MEASUREMENTS")).extracting(row -> row.get("name"))
                .containsExactlyInAnyOrder("iperf_interval", "counter");
        assertThat(query.rows("SHOW FIELD KEYS FROM iperf_interval")).extracting(row -> row.get("fieldKey"))
                .containsExactlyInAnyOrder("bps", "bytes", "start", "end", "omitted", "retransmits");
        assertThat(query.rows("SHOW TAG KEYS FROM counter")).extracting(row -> row.get("tagKey"))
                .containsExactlyInAnyOrder("run", "node", "source", "counter", "interface");
    }

    @Test
    void shouldRejectANameWithALineBreakBeforeItReachesLineProtocol() {
        Sample s = sample(step("run-1", Protocol.TCP, 0, 1, 1), Side.SENDER, "a", 0, 1e9, 0);
        String json = WireCodec.encodeToString(s).replace("\"clientPod\":\"client-1\"",
                "\"clientPod\":\"client-1\\niperf_interval,run=x bps=1\"");

        assertThat(WireCodec.decode(json.getBytes(StandardCharsets.UTF_8)).reason())
                .contains("clientPod holds a control character (U+000A)");
    }

    /** influxd refuses a whole batch in which one tag value ends with a backslash (seen: 400, "unable to parse"). */
    @Test
    void shouldRejectANameEndingWithABackslashBeforeItReachesLineProtocol() {
        Sample s = sample(step("run\\", Protocol.TCP, 0, 1, 1), Side.SENDER, "a", 0, 1e9, 0);
        Counter c = new Counter(WireRecord.VERSION, s.time(), "run", "node", "netdev", "rx", Map.of("if", "eth0\\"), 1);

        assertThat(s.problems()).containsExactly("step.run ends with a backslash, which InfluxDB line protocol cannot store");
        assertThat(c.problems()).containsExactly("label value ends with a backslash, which InfluxDB line protocol cannot store");
    }
}
