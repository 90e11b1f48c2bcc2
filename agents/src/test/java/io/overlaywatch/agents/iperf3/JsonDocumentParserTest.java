package io.overlaywatch.agents.iperf3;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour of the -J document parser beyond the golden files. */
class JsonDocumentParserTest {

    private static GoldenCase golden(String name) {
        return GoldenCase.load(GoldenCase.root().resolve(name));
    }

    @Test
    void shouldEmitTheIntervalsAsSoonAsTheDocumentsBracesClose() {
        GoldenCase c = golden("3.12-tcp-json");
        Iperf3OutputParser parser = Iperf3Parsers.jsonDocument();
        List<Iperf3Event> events = new ArrayList<>();

        for (String line : c.inputLines()) {
            events.addAll(parser.feed(line));
        }

        assertThat(events).containsExactlyElementsOf(c.expected());
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    void shouldKeepEveryCompleteIntervalAndReportTheCutWhenTheDocumentIsTruncated() {
        GoldenCase c = golden("3.12-p2-omit-json-client");
        List<String> lines = c.inputLines();
        // cut inside the third interval: the first two (omitted and measured, two streams and a sum each) survive
        int third = 0;
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("\"streams\":\t[{") && ++seen == 3) {
                third = i;
            }
        }
        assertThat(third).isPositive();

        List<Iperf3Event> events = run(Iperf3Parsers.jsonDocument(), lines.subList(0, third + 4));

        List<Iperf3Event> expected = new ArrayList<>(c.expected().subList(0, 6));
        expected.add(new Iperf3Failure(1, "output ended before test 1 finished"));
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldReportIperfsWordsWhenTheDocumentCarriesAnError() {
        List<Iperf3Event> events = run(Iperf3Parsers.jsonDocument(), List.of(
                "{",
                "\t\"start\":\t{",
                "\t\t\"connected\":\t[],",
                "\t\t\"version\":\t\"iperf 3.12\"",
                "\t},",
                "\t\"intervals\":\t[],",
                "\t\"end\":\t{",
                "\t},",
                "\t\"error\":\t\"unable to connect to server: Connection refused\"",
                "}"));

        assertThat(events).containsExactly(new Iperf3Failure(0, "unable to connect to server: Connection refused"));
    }

    @Test
    void shouldReportTheCutWhenOutputEndsInsideADocumentWithoutATest() {
        List<Iperf3Event> events = run(Iperf3Parsers.jsonDocument(), List.of("{", "\t\"start\":\t{"));

        assertThat(events).containsExactly(new Iperf3Failure(0, "output ended inside a JSON document"));
    }

    @Test
    void shouldReportABrokenDocumentWhenItsBracesCloseOnInvalidJson() {
        List<Iperf3Event> events = run(Iperf3Parsers.jsonDocument(), List.of("{", "\t\"start\": nope", "}"));

        assertThat(events).singleElement().isInstanceOf(Iperf3Failure.class)
                .extracting(e -> ((Iperf3Failure) e).message()).asString().startsWith("invalid JSON document: ");
    }

    private static List<Iperf3Event> run(Iperf3OutputParser parser, List<String> lines) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }
}
