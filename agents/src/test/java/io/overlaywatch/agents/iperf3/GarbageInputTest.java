package io.overlaywatch.agents.iperf3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Whatever arrives on iperf3's stdout, every parser returns (failures at most) and never invents an interval. */
class GarbageInputTest {

    static Stream<Arguments> parsers() {
        Supplier<Iperf3OutputParser> text = () -> Iperf3Parsers.text(() -> 0L, ZoneOffset.UTC);
        Supplier<Iperf3OutputParser> stream = Iperf3Parsers::jsonStream;
        Supplier<Iperf3OutputParser> document = Iperf3Parsers::jsonDocument;
        Supplier<Iperf3OutputParser> auto = () -> Iperf3Parsers.autodetect(() -> 0L, ZoneOffset.UTC);
        return Stream.of(Arguments.of("text", text), Arguments.of("json-stream", stream),
                Arguments.of("json-document", document), Arguments.of("autodetect", auto));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void shouldNeverThrowNorEmitIntervalsWhenFedRandomBytes(String name, Supplier<Iperf3OutputParser> factory) {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            byte[] bytes = new byte[4096];
            random.nextBytes(bytes);
            List<String> lines = new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();

            assertThat(feedAll(factory.get(), lines)).allSatisfy(e -> assertThat(e).isInstanceOf(Iperf3Failure.class));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void shouldNeverThrowNorEmitIntervalsWhenFedBinaryAndHostileLines(String name, Supplier<Iperf3OutputParser> factory) {
        List<String> lines = List.of(
                "\u0000\u0001\u0002\uFFFD\uD800",
                "{",
                "[  5]" + " 0.00-1.00 sec ".repeat(100),
                "[SUM]   0.00-1.00   sec  " + "9".repeat(400) + " MBytes  7.98 Gbits/sec",
                "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                "[  5]   0.00-1.00   sec   951 MBytes  7.98 Gbits/sec  394    334 KBytes  garbage",
                "{\"event\":\"interval\",\"data\":{\"streams\":[{\"socket\":5,\"start\":\"zero\",\"end\":null}]}}",
                "{\"event\":\"interval\",\"data\":{\"streams\":{\"a\":1},\"sum\":[]}}",
                "{\"event\":\"start\",\"data\":{\"connected\":\"no\",\"timestamp\":{\"timemillisecs\":-5}}}",
                "[".repeat(100_000),
                "{\"a\":" .repeat(5_000),
                "}".repeat(10),
                "iperf3: ");

        assertThatCode(() -> assertThat(feedAll(factory.get(), lines))
                .allSatisfy(e -> assertThat(e).isInstanceOf(Iperf3Failure.class)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void shouldNameOnlyAShortExcerptWhenALineIsOneMegabyte(String name, Supplier<Iperf3OutputParser> factory) {
        String huge = "[  5]   0.00-1.00   sec   951 MBytes " + "x".repeat(1 << 20);
        String hugeJson = "{\"event\":\"interval\",\"data\":\"" + "x".repeat(1 << 20);

        List<Iperf3Event> events = feedAll(factory.get(), List.of(huge, hugeJson));

        assertThat(events).allSatisfy(e -> {
            assertThat(e).isInstanceOf(Iperf3Failure.class);
            assertThat(((Iperf3Failure) e).message()).hasSizeLessThan(300);
        });
    }

    private static List<Iperf3Event> feedAll(Iperf3OutputParser parser, List<String> lines) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }
}
