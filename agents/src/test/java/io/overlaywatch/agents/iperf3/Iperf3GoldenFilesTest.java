package io.overlaywatch.agents.iperf3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real iperf3 outputs (3.12 text and -J, 3.21 --json-stream) against hand-checked expected events, one folder
 * per case under {@code src/test/resources/iperf3/}: the input, {@code expected.jsonl} and {@code case.properties}.
 */
class Iperf3GoldenFilesTest {

    static List<GoldenCase> cases() {
        return GoldenCase.all();
    }

    static List<GoldenCase> textCases() {
        return GoldenCase.all().stream().filter(GoldenCase::isText).toList();
    }

    @Test
    void shouldFindEveryGoldenCaseWhenListingTheResources() {
        List<GoldenCase> all = GoldenCase.all();
        assertThat(all).hasSizeGreaterThanOrEqualTo(27);
        assertThat(all).allSatisfy(c -> {
            assertThat(c.input()).isRegularFile();
            assertThat(c.folder().resolve(GoldenCase.EXPECTED)).isRegularFile();
        });
        Map<String, Long> kinds = all.stream().collect(Collectors.groupingBy(GoldenCase::parser, Collectors.counting()));
        assertThat(kinds).containsKeys("text", "json-stream", "json-document");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldEmitTheExpectedEventsWhenTheFormatIsAutodetected(GoldenCase c) {
        List<Iperf3Event> actual = c.run(Iperf3Parsers.autodetect(c.clock(), c.zone()));

        assertThat(actual).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldEmitTheExpectedEventsWhenReadByTheParserOfItsFormat(GoldenCase c) {
        List<Iperf3Event> actual = c.run(c.directParser());

        assertThat(actual).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textCases")
    void shouldEmitTheExpectedEventsWhenTextIsReadThroughTheVersionFactory(GoldenCase c) {
        List<Iperf3Event> actual = c.run(Iperf3Parsers.forVersion(new Iperf3Version(3, 12), c.clock(), c.zone()));

        assertThat(actual).containsExactlyElementsOf(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldOnlyEmitFiniteNonNegativeNumbersWhenReadingRealOutput(GoldenCase c) {
        List<Iperf3Interval> intervals = c.expected().stream()
                .filter(Iperf3Interval.class::isInstance).map(Iperf3Interval.class::cast).toList();

        assertThat(intervals).allSatisfy(i -> {
            assertThat(i.end() - i.start()).isGreaterThanOrEqualTo(ParserSupport.MIN_INTERVAL_SECONDS);
            assertThat(i.bitsPerSecond()).isFinite().isNotNegative();
            assertThat(i.bytes()).isNotNegative();
            assertThat(i.test()).isPositive();
            assertThat(i.stream()).isNotBlank();
            if (i.jitterMs() != null) {
                assertThat(i.jitterMs()).isFinite().isNotNegative();
            }
        });
    }

    @Test
    void shouldGiveSenderAndReceiverTheSameStreamIdWhenBothSidesOfOneTestAreRead() {
        GoldenCase client = GoldenCase.load(GoldenCase.root().resolve("3.12-udp-client"));
        GoldenCase server = GoldenCase.load(GoldenCase.root().resolve("3.12-server"));

        String clientStream = ((Iperf3Interval) client.expected().get(0)).stream();

        assertThat(server.expected()).filteredOn(e -> e.test() == 2)
                .allSatisfy(e -> assertThat(((Iperf3Interval) e).stream()).isEqualTo(clientStream));
        assertThat(clientStream).isEqualTo("10.1.1.2:40670-10.1.2.2:5201");
    }
}
