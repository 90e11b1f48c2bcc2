package io.overlaywatch.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SampleReaderTest {

    private static final StepKey STEP = new StepKey("run-1", Scenario.POLICY, "linear", Protocol.TCP, 2, 1000, 1, 3);
    private static final Sample TCP_SENDER = new Sample(1, 1_795_684_386_000L, STEP, Side.SENDER,
            "client-1", "server-1", "node-a", "node-b", "10.1.1.2:54524-10.1.2.2:5201", false, 0, 1.0, false,
            997_195_776L, 7.98e9, 394L, 342_016L, null, null, null, null, "cubic", "0,0");
    private static final String VALID = WireCodec.encodeToString(TCP_SENDER);

    static Stream<Sample> samples() {
        return Stream.of(TCP_SENDER,
                new Sample(1, 1_795_684_386_000L, new StepKey("r \"quoted\" \u00e9", Scenario.LIVE, "hashed",
                        Protocol.UDP, 0, 0, 40, 1), Side.RECEIVER, "client-7", "server-7", "node-a", "node-b",
                        "10.1.1.9:40670-10.1.2.9:5201", true, 1.0, 2.000001, true, 0L, 0.1,
                        null, null, 12L, 0.113, 40_000L, 81_383L, null, null),
                new Sample(1, 1_795_684_386_000L, new StepKey("r", Scenario.DEMO, "x", Protocol.TCP, Integer.MAX_VALUE, 0,
                        1, 1), Side.SENDER, "c", "s", "a", "b", "SUM", false, 1e-9, 1e300, false, Long.MAX_VALUE,
                        Double.MIN_VALUE, 0L, 0L, 0L, 0.0, 0L, 0L, "bbr", "1"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldReadWhatTheCodecWritesToTheSameRecord(Sample sample) {
        byte[] bytes = WireCodec.encode(sample);

        assertThat(SampleReader.read(bytes)).isEqualTo(sample);
        assertThat(WireCodec.decode(bytes).record()).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldReadEveryScenarioSideAndProtocolByItsWireName(Scenario scenario) {
        for (Side side : Side.values()) {
            for (Protocol protocol : Protocol.values()) {
                Sample sample = new Sample(1, 1L, new StepKey("r", scenario, "c", protocol, 0, 0, 1, 1), side,
                        "c", "s", "a", "b", "x", false, 0, 1, false, 1L, 8.0, null, null, null, null, null, null,
                        null, null);

                assertThat(SampleReader.read(WireCodec.encode(sample))).isEqualTo(sample);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void shouldReadFieldsInAnyOrderAfterTheKind(Sample sample) {
        String json = WireCodec.encodeToString(sample);
        String v = "\"v\":1,";
        String reordered = json.replace(v, "").replace("\"affinity\":", v + "\"affinity\":");

        assertThat(reordered).isNotEqualTo(json);
        assertThat(SampleReader.read(reordered.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample);
    }

    /** Every shape but the plain one goes the strict path, which accepts it the way databind does or says why not. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"v\":1,\"kind\":\"sample\"}",
        "\"kind\":\"bogus\"",
        "\"v\":1,|\"v\":1,\"v\":1,",
        "\"v\":1,|\"v\":\"1\",",
        "\"v\":1,|\"v\":1.0,",
        "\"v\":1,|\"v\":4294967297,",
        "\"v\":1,|",
        "\"v\":1,|\"v\":1,\"extra\":0,",
        "\"bytes\":997195776|\"bytes\":997195776.0",
        "\"bytes\":997195776|\"bytes\":99999999999999999999999",
        "\"bytes\":997195776|\"bytes\":null",
        "\"bitsPerSecond\":7.98E9|\"bitsPerSecond\":\"7.98E9\"",
        "\"clientPod\":\"client-1\"|\"clientPod\":null",
        "\"clientPod\":\"client-1\"|\"clientPod\":1",
        "\"sum\":false|\"sum\":0",
        "\"side\":\"sender\"|\"side\":\"SENDER\"",
        "\"protocol\":\"tcp\"|\"protocol\":\"sctp\"",
        "\"index\":2,|\"index\":2,\"index\":2,",
        "\"index\":2,|",
        "\"retransmits\":394|\"retransmits\":\"394\"",
        "}|},",
        "}|} {}"})
    void shouldLeaveEveryOtherShapeToTheStrictPath(String change) {
        String json;
        if (change.startsWith("{")) {
            json = change;
        } else if (!change.contains("|")) {
            json = VALID.replace("\"kind\":\"sample\"", change.substring(0, change.length()));
        } else {
            String[] parts = change.split("\\|", -1);
            json = parts[0].equals("}") ? VALID.substring(0, VALID.length() - 1) + parts[1]
                    : VALID.replaceFirst(java.util.regex.Pattern.quote(parts[0]),
                    java.util.regex.Matcher.quoteReplacement(parts[1]));
        }

        assertThat(json).isNotEqualTo(VALID);
        assertThat(SampleReader.read(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
