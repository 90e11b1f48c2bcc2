package io.overlaywatch.agents.iperf3;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based: real iperf3 outputs (the golden cases), mutated the way a crashing, interleaved or hostile
 * iperf3 could print them, and random text, never make a parser throw nor emit an interval whose numbers a
 * sample could not carry (NaN, infinite or negative).
 */
class Iperf3ParserPropertiesTest {

    private static final List<GoldenCase> CASES = GoldenCase.all();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    /** What a number in iperf3's output may be replaced by. */
    private static final List<String> HOSTILE_NUMBERS = List.of("NaN", "nan", "Infinity", "-Infinity", "inf", "-1",
            "-0.5", "-0", "1e400", "-1e400", "99999999999999999999999", "9223372036854775808", "0", "0.0", "1e-400",
            "\"\"", "null", "true", "[]", "{}", "0x10", "1,5", "");

    /** One change to a line-oriented output; the numbers are taken modulo the sizes they address. */
    record Mutation(Kind kind, int line, int position, String text) {
        enum Kind { DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, TRUNCATE_LINE, INSERT_TEXT, REPLACE_NUMBER, CUT_OUTPUT }

        List<String> apply(List<String> lines) {
            List<String> out = new ArrayList<>(lines);
            if (out.isEmpty()) {
                return out;
            }
            int i = Math.floorMod(line, out.size());
            String target = out.get(i);
            switch (kind) {
                case DELETE_LINE -> out.remove(i);
                case DUPLICATE_LINE -> out.add(i, target);
                case SWAP_LINES -> {
                    int j = Math.floorMod(position, out.size());
                    out.set(i, out.get(j));
                    out.set(j, target);
                }
                case TRUNCATE_LINE -> out.set(i, target.substring(0, Math.floorMod(position, target.length() + 1)));
                case INSERT_TEXT -> {
                    int at = Math.floorMod(position, target.length() + 1);
                    out.set(i, target.substring(0, at) + text + target.substring(at));
                }
                case REPLACE_NUMBER -> out.set(i, replaceNumber(target, position, text));
                case CUT_OUTPUT -> out.subList(i, out.size()).clear();
                default -> throw new IllegalStateException(kind.name());
            }
            return out;
        }

        private static String replaceNumber(String line, int which, String replacement) {
            List<int[]> spans = new ArrayList<>();
            Matcher m = NUMBER.matcher(line);
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return line;
            }
            int[] span = spans.get(Math.floorMod(which, spans.size()));
            return line.substring(0, span[0]) + replacement + line.substring(span[1]);
        }
    }

    @Property(tries = 300)
    void shouldNeverThrowNorEmitAnUnusableIntervalForMutatedRealOutput(
            @ForAll("cases") GoldenCase golden, @ForAll("mutations") List<Mutation> mutations) {
        List<String> lines = golden.inputLines();
        for (Mutation mutation : mutations) {
            lines = mutation.apply(lines);
        }

        List<Iperf3Event> direct = feedAll(golden.directParser(), lines);
        assertUsable(direct);
        assertUsable(feedAll(Iperf3Parsers.autodetect(golden.clock(), golden.zone()), lines));
        Statistics.label("emits intervals").collect(direct.stream().anyMatch(Iperf3Interval.class::isInstance));
        // Mostly the mutated outputs still hold intervals, so the checks above have numbers to check.
        Statistics.label("emits intervals").coverage(c -> c.check(true).percentage(p -> p > 50));
    }

    @Property(tries = 200)
    void shouldNeverThrowNorEmitAnUnusableIntervalForRandomLines(@ForAll("randomLines") List<String> lines) {
        assertUsable(feedAll(Iperf3Parsers.text(() -> 0L, ZoneOffset.UTC), lines));
        assertUsable(feedAll(Iperf3Parsers.jsonStream(), lines));
        assertUsable(feedAll(Iperf3Parsers.jsonDocument(), lines));
    }

    @Provide
    Arbitrary<GoldenCase> cases() {
        return Arbitraries.of(CASES);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(HOSTILE_NUMBERS),
                Arbitraries.strings().all().ofMaxLength(12),
                Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", " sec ", "[SUM]", "Gbits/sec", "\u0000", "\uFFFD"));
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(Mutation.Kind.class),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().greaterOrEqual(0), text)
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<String>> randomLines() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars("[]{}\":,.0123456789 -eE").ofMaxLength(80),
                Arbitraries.of("{\"event\":\"interval\",\"data\":", "[  5]   0.00-1.00   sec", "- - - - -",
                        "[ ID] Interval           Transfer     Bitrate", "iperf3: error - ", "{", "}"));
        return line.list().ofMaxSize(30);
    }

    private static List<Iperf3Event> feedAll(Iperf3OutputParser parser, List<String> lines) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }

    private static void assertUsable(List<Iperf3Event> events) {
        for (Iperf3Event event : events) {
            if (event instanceof Iperf3Interval i) {
                assertThat(i.bitsPerSecond()).as("bitsPerSecond of %s", i).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(i.bytes()).as("bytes of %s", i).isNotNegative();
                assertThat(i.start()).as("start of %s", i).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(i.end()).as("end of %s", i).isFinite().isGreaterThanOrEqualTo(i.start());
                assertThat(i.stream()).as("stream of %s", i).isNotBlank();
                assertThat(i.protocol()).as("protocol of %s", i).isNotNull();
                assertThat(i.side()).as("side of %s", i).isNotNull();
                assertNonNegative("retransmits", i.retransmits(), i);
                assertNonNegative("cwndBytes", i.cwndBytes(), i);
                assertNonNegative("rttMicros", i.rttMicros(), i);
                assertNonNegative("lost", i.lost(), i);
                assertNonNegative("packets", i.packets(), i);
                if (i.jitterMs() != null) {
                    assertThat(i.jitterMs()).as("jitterMs of %s", i).isFinite().isGreaterThanOrEqualTo(0);
                }
            } else {
                assertThat(((Iperf3Failure) event).message()).isNotBlank();
            }
        }
    }

    private static void assertNonNegative(String field, Long value, Iperf3Interval interval) {
        if (value != null) {
            assertThat(value).as("%s of %s", field, interval).isNotNegative();
        }
    }
}
