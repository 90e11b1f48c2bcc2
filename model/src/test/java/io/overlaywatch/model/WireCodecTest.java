package io.overlaywatch.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WireCodecTest {

    private static final StepKey STEP = new StepKey("run-1", Scenario.POLICY, "linear", Protocol.TCP, 2, 1000, 1, 3);
    private static final Sample TCP_SENDER = new Sample(1, 1_795_684_386_000L, STEP, Side.SENDER,
            "client-1", "server-1", "node-a", "node-b", "10.1.1.2:54524-10.1.2.2:5201", false, 0, 1.0, false,
            997_195_776L, 7.98e9, 394L, 342_016L, null, null, null, null, "cubic", "0,0");
    private static final Sample UDP_RECEIVER = new Sample(1, 1_795_684_386_000L,
            new StepKey("run-1", Scenario.POD, "hashed", Protocol.UDP, 0, 0, 40, 1), Side.RECEIVER,
            "client-7", "server-7", "node-a", "node-b", "10.1.1.9:40670-10.1.2.9:5201", false, 1.0, 2.0, false,
            59_873_689L, 479e6, null, null, null, 0.113, 40_000L, 81_383L, null, null);

    static Stream<WireRecord> everyRecordType() {
        return Stream.of(TCP_SENDER, UDP_RECEIVER,
                new ProbeError(1, 1_795_684_386_000L, STEP, "client-1", "server-1",
                        "iperf3: error - unable to connect to server: Connection refused", 1),
                new StepMarker(1, 1_795_684_386_000L, STEP, StepMarker.Phase.START, 10),
                new StepMarker(1, 1_795_684_396_000L, STEP, StepMarker.Phase.END, 10.2),
                new StepCommand(1, 1_795_684_380_000L, STEP, 1_795_684_386_000L, 10, 1, 1, 0,
                        java.util.List.of("client-1", "client-2"),
                        java.util.Map.of("client-1", "10.244.2.7", "client-2", "10.244.2.8")),
                new StepAck(1, 1_795_684_381_000L, STEP, "client-1", StepAck.Status.ACCEPTED, null),
                new StepAck(1, 1_795_684_397_000L, STEP, "client-2", StepAck.Status.FAILED,
                        "iperf3: error - unable to connect to server"),
                new Counter(1, 1_795_684_386_000L, "run-1", "node-b", "netdev", "rx_dropped",
                        java.util.Map.of("interface", "eth0"), 12),
                new Alert(1, 1_795_684_396_000L, Alert.Type.REGRESSION, Alert.Status.FIRING,
                        "policy/linear/tcp/policies=10000/pods=1", "run-1", 1.9e9, 9.3e9, -79.6, 0.001,
                        "throughput -79.6% against the last 3 good runs (p=0.001); +9,990 iptables rules"),
                new ClusterView(1, 1_795_684_386_000L, "bench", "calico-v3.27.0", 100, 1,
                        java.util.List.of(new ClusterView.Member("client-1", "10.244.1.5", "node-a", 1),
                                new ClusterView.Member("server-1", null, null, 100))),
                WireCodec.deadLetter(1_795_684_386_000L, "overlaywatch.samples", 1, 42,
                        "{\"v\":9}".getBytes(StandardCharsets.UTF_8), "unknown schema version v=9"));
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void shouldDecodeWhatItEncodes(WireRecord record) {
        Decoded decoded = WireCodec.decode(WireCodec.encode(record));

        assertThat(decoded.reason()).isNull();
        assertThat(decoded.record()).isEqualTo(record);
    }

    @Test
    void shouldWriteTheKindAndVersionOnEveryRecord() {
        String json = WireCodec.encodeToString(TCP_SENDER);

        assertThat(json).startsWith("{\"kind\":\"sample\"").contains("\"v\":1").contains("\"protocol\":\"tcp\"");
    }

    static Stream<Arguments> invalidRecords() {
        String valid = WireCodec.encodeToString(TCP_SENDER);
        return Stream.of(
                Arguments.of("", "empty record"),
                Arguments.of("{\"v\":1,", "not JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of(valid.replace("\"v\":1", "\"v\":2"), "unknown schema version v=2"),
                Arguments.of(valid.replace("\"v\":1,", ""), "schema version v is missing"),
                Arguments.of(valid.replace("\"v\":1", "\"v\":\"1\""), "schema version v is missing or not an integer"),
                Arguments.of(valid.replace("\"v\":1", "\"v\":1.5"), "schema version v is missing or not an integer"),
                Arguments.of(valid.replace("\"v\":1,", "\"v\":1,\"v\":1,"), "Duplicate field 'v'"),
                Arguments.of(valid.replace("\"kind\":\"sample\"", "\"kind\":\"bogus\""), "unknown or missing kind"),
                Arguments.of(valid.replace("\"bytes\":997195776,", ""), "bytes"),
                Arguments.of(valid.replace("\"bytes\":997195776", "\"bytes\":-5"), "bytes must not be negative"),
                Arguments.of(valid.replace("\"bitsPerSecond\":7.98E9", "\"bitsPerSecond\":NaN"), "not JSON"),
                Arguments.of(valid.replace("\"bitsPerSecond\":7.98E9", "\"bitsPerSecond\":\"fast\""), "bitsPerSecond"),
                Arguments.of(valid.replace("\"clientPod\":\"client-1\"", "\"clientPod\":null"), "clientPod is missing"),
                Arguments.of(valid.replace("\"side\":\"sender\"", "\"side\":\"both\""), "side"),
                Arguments.of(valid.replace("{\"kind\"", "{\"extra\":1,\"kind\""), "unknown field extra"),
                Arguments.of(valid.replace("\"end\":1.0", "\"end\":-1.0"), "end"),
                Arguments.of(valid.replace("\"pods\":1", "\"pods\":0"), "step.pods must be at least 1"),
                Arguments.of(valid + "{}", "not JSON"));
    }

    @ParameterizedTest
    @MethodSource("invalidRecords")
    void shouldRejectInvalidRecordsWithAReasonThatNamesTheProblem(String json, String reasonPart) {
        Decoded decoded = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.isValid()).isFalse();
        assertThat(decoded.reason()).contains(reasonPart);
    }

    @Test
    void shouldKeepTheRejectedBytesWholeInADeadLetter() {
        byte[] raw = {(byte) 0xff, 0x00, '{', (byte) 0xc3};

        DeadLetter letter = WireCodec.deadLetter(1L, "t", 0, 7, raw, "not JSON");

        assertThat(Base64.getDecoder().decode(letter.rawBase64())).isEqualTo(raw);
        assertThat(letter.offset()).isEqualTo(7);
        assertThat(letter.reason()).isEqualTo("not JSON");
    }
}
