package io.overlaywatch.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PlainRecordReaderTest {

    private static final StepKey STEP = new StepKey("run-1", Scenario.POLICY, "linear", Protocol.TCP, 2, 1000, 1, 3);
    private static final Sample TCP_SENDER = new Sample(1, 1_795_684_386_000L, STEP, Side.SENDER,
            "client-1", "server-1", "node-a", "node-b", "10.1.1.2:54524-10.1.2.2:5201", false, 0, 1.0, false,
            997_195_776L, 7.98e9, 394L, 342_016L, null, null, null, null, "cubic", "0,0");
    private static final String VALID = WireCodec.encodeToString(TCP_SENDER);
    private static final StepCommand COMMAND = new StepCommand(1, 1_795_684_380_000L, STEP, 1_795_684_386_000L, 10, 1,
            4, 0, List.of("client-1", "client-2"), Map.of("client-2", "10.244.2.8"));
    private static final ClusterView VIEW = new ClusterView(1, 1_795_684_386_000L, "bench", "calico-v3.27.0", 100, 1,
            List.of(new ClusterView.Member("client-1", "10.244.1.5", "node-a", 1),
                    new ClusterView.Member("server-1", null, null, 100)));

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

        assertThat(PlainRecordReader.read(bytes)).isEqualTo(sample);
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

                assertThat(PlainRecordReader.read(WireCodec.encode(sample))).isEqualTo(sample);
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
        assertThat(PlainRecordReader.read(reordered.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample);
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
        assertThat(PlainRecordReader.read(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    static Stream<WireRecord> commandsAndViews() {
        return Stream.of(COMMAND, new StepCommand(1, 1L, STEP, 2L, 1, 0, 1, 40_000_000L, List.of()), VIEW,
                new ClusterView(1, 1L, "bench", "unknown", 0, 0, List.of()));
    }

    @ParameterizedTest
    @MethodSource("commandsAndViews")
    void shouldReadTheStepCommandsAndClusterViewsAnAgentReads(WireRecord record) {
        byte[] bytes = WireCodec.encode(record);

        assertThat(PlainRecordReader.read(bytes)).isEqualTo(record);
        assertThat(WireCodec.decode(bytes).record()).isEqualTo(record);
    }

    static Stream<Arguments> otherShapesOfCommandsAndViews() {
        String command = WireCodec.encodeToString(COMMAND);
        String view = WireCodec.encodeToString(VIEW);
        String clients = "\"clients\":[\"client-1\",\"client-2\"]";
        String server = "\"client-2\":\"10.244.2.8\"";
        String pods = view.substring(view.indexOf("\"pods\":"), view.length() - 1);
        return Stream.of(
                Arguments.of(command, clients, "\"clients\":[null,\"client-2\"]"),
                Arguments.of(command, clients, "\"clients\":\"client-1\""),
                Arguments.of(command, clients, "\"clients\":null"),
                Arguments.of(command, server, "\"client-2\":null"),
                Arguments.of(command, server, server + ",\"client-2\":\"10.244.2.9\""),
                Arguments.of(command, server, "\"client-2\":8"),
                Arguments.of(command, "\"servers\":{" + server + "}", "\"servers\":[]"),
                Arguments.of(command, "\"startAt\":1795684386000", "\"startAt\":1.795684386E12"),
                Arguments.of(command, "\"streams\":4", "\"streams\":4,\"streams\":4"),
                Arguments.of(command, "\"step\":", "\"step\":null,\"x\":"),
                Arguments.of(view, "\"pods\":[", "\"pods\":[null,"),
                Arguments.of(view, pods, "\"pods\":null"),
                Arguments.of(view, pods, "\"pods\":{}"),
                Arguments.of(view, "\"name\":\"server-1\"", "\"name\":null"),
                Arguments.of(view, "\"selectingPolicies\":100", "\"selectingPolicies\":\"100\""),
                Arguments.of(view, "\"ip\":null", "\"ip\":null,\"extra\":1"),
                Arguments.of(view, "\"policies\":100", "\"policies\":100.0"),
                Arguments.of(view, "\"cni\":\"calico-v3.27.0\"", "\"cni\":null"));
    }

    /** A command or view in any other shape goes the strict path too. */
    @ParameterizedTest
    @MethodSource("otherShapesOfCommandsAndViews")
    void shouldLeaveCommandsAndViewsInEveryOtherShapeToTheStrictPath(String valid, String from, String to) {
        String json = valid.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));

        assertThat(json).isNotEqualTo(valid);
        assertThat(PlainRecordReader.read(json.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Property(tries = 1000)
    void shouldReadACommandAsDatabindDoesOrLeaveIt(@ForAll("commands") StepCommand command) {
        assertReadAsDatabindReads(command);
    }

    @Property(tries = 1000)
    void shouldReadAViewAsDatabindDoesOrLeaveIt(@ForAll("views") ClusterView view) {
        assertReadAsDatabindReads(view);
    }

    @Property(tries = 300)
    void shouldReadEveryCommandWithoutNulls(@ForAll("commandsWithoutNulls") StepCommand command) {
        assertThat(PlainRecordReader.read(WireCodec.encode(command))).isEqualTo(command);
    }

    @Property(tries = 300)
    void shouldReadEveryViewWhoseNamesAreGiven(@ForAll("viewsWithNames") ClusterView view) {
        assertThat(PlainRecordReader.read(WireCodec.encode(view))).isEqualTo(view);
    }

    /**
     * Databind's bytes of the record: what the reader takes, it reads as the record it was, and the codec decodes
     * them to what the strict path alone decodes, record or reason.
     */
    private static void assertReadAsDatabindReads(WireRecord record) {
        byte[] bytes;
        try {
            bytes = DatabindCodec.encode(record);
        } catch (JsonProcessingException e) {
            return; // a lone surrogate, which no JSON writer writes
        }
        WireRecord plain = PlainRecordReader.read(bytes);

        if (plain != null) {
            assertThat(plain).isEqualTo(record);
        }
        assertThat(WireCodec.decode(bytes)).isEqualTo(DatabindCodec.decode(bytes));
    }

    @Provide
    Arbitrary<StepCommand> commands() {
        return commands(RecordWriterTest.texts(), RecordWriterTest.steps().injectNull(0.05));
    }

    @Provide
    Arbitrary<StepCommand> commandsWithoutNulls() {
        Arbitrary<String> names = names();
        return commands(names, Combinators.combine(names, Arbitraries.of(Scenario.class), names,
                Arbitraries.of(Protocol.class), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(),
                Arbitraries.integers()).as(StepKey::new));
    }

    private static Arbitrary<StepCommand> commands(Arbitrary<String> texts, Arbitrary<StepKey> steps) {
        Arbitrary<String> names = texts.filter(t -> t != null);
        return Combinators.combine(versions(), Arbitraries.longs(), steps, Arbitraries.longs(),
                        Arbitraries.integers().list().ofSize(3), Arbitraries.longs(), names.list().ofMaxSize(4),
                        Arbitraries.maps(names, names).ofMaxSize(3))
                .as((v, time, step, startAt, ints, bitrate, clients, servers) -> new StepCommand(v, time, step,
                        startAt, ints.get(0), ints.get(1), ints.get(2), bitrate, clients, servers));
    }

    @Provide
    Arbitrary<ClusterView> views() {
        return views(RecordWriterTest.texts());
    }

    @Provide
    Arbitrary<ClusterView> viewsWithNames() {
        return views(names());
    }

    /** Text any JSON writer writes: printable ASCII, escapes, control and non-ASCII characters, no lone surrogate. */
    private static Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('"', '\\', '\n', '\u0000', '\u00e9', '\u2028',
                '\u20ac').ofMaxLength(20);
    }

    private static Arbitrary<ClusterView> views(Arbitrary<String> names) {
        Arbitrary<ClusterView.Member> members = Combinators.combine(names, RecordWriterTest.texts(),
                RecordWriterTest.texts(), Arbitraries.integers()).as(ClusterView.Member::new);
        return Combinators.combine(versions(), Arbitraries.longs(), names, names,
                        Arbitraries.integers(), Arbitraries.integers(), members.list().ofMaxSize(5))
                .as(ClusterView::new);
    }

    /** Mostly the version this code reads, so that the plain path's records reach validation. */
    private static Arbitrary<Integer> versions() {
        return Arbitraries.of(1, 1, 1, 2);
    }
}
