package io.overlaywatch.agents.iperf3;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Behaviour of the --json-stream parser beyond the golden files. */
class JsonStreamParserTest {

    private static final String START = "{\"event\":\"start\",\"data\":{\"connected\":["
            + "{\"socket\":5,\"local_host\":\"10.1.1.2\",\"local_port\":40000,\"remote_host\":\"10.1.2.2\",\"remote_port\":5201},"
            + "{\"socket\":7,\"local_host\":\"10.1.1.2\",\"local_port\":40002,\"remote_host\":\"10.1.2.2\",\"remote_port\":5201}],"
            + "\"timestamp\":{\"timesecs\":1795684791},\"connecting_to\":{\"host\":\"10.1.2.2\",\"port\":5201},"
            + "\"test_start\":{\"protocol\":\"UDP\",\"num_streams\":2,\"reverse\":1}}}";
    private static final String INTERVAL = "{\"event\":\"interval\",\"data\":{\"streams\":["
            + "{\"socket\":5,\"start\":0,\"end\":1.0002,\"bytes\":1000,\"bits_per_second\":8000.5,\"jitter_ms\":0.25,"
            + "\"lost_packets\":3,\"packets\":10,\"omitted\":false,\"sender\":false},"
            + "{\"socket\":7,\"start\":0,\"end\":1.0002,\"bytes\":2000,\"bits_per_second\":16000,\"jitter_ms\":0.5,"
            + "\"lost_packets\":-1,\"packets\":20,\"omitted\":false,\"sender\":false}],"
            + "\"sum\":{\"start\":0,\"end\":1.0002,\"bytes\":3000,\"bits_per_second\":24000.5,\"jitter_ms\":0.375,"
            + "\"lost_packets\":2,\"packets\":30,\"omitted\":false,\"sender\":false}}}";

    private static List<Iperf3Event> feedAll(Iperf3OutputParser parser, List<String> lines) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }

    @Test
    void shouldEmitEachStreamAndTheSumWhenAnIntervalHasSeveralStreams() {
        List<Iperf3Event> events = feedAll(new JsonStreamParser(() -> 0L),
                List.of(START, INTERVAL, "{\"event\":\"end\",\"data\":{}}"));

        assertThat(events).containsExactly(
                new Iperf3Interval(1, 1_795_684_792_000L, Protocol.UDP, Side.RECEIVER, "10.1.1.2:40000-10.1.2.2:5201",
                        false, 0.0, 1.0002, false, 1000, 8000.5, null, null, null, 0.25, 3L, 10L),
                // a negative loss (out-of-order datagrams) is left out rather than emitted
                new Iperf3Interval(1, 1_795_684_792_000L, Protocol.UDP, Side.RECEIVER, "10.1.1.2:40002-10.1.2.2:5201",
                        false, 0.0, 1.0002, false, 2000, 16000, null, null, null, 0.5, null, 20L),
                new Iperf3Interval(1, 1_795_684_792_000L, Protocol.UDP, Side.RECEIVER, "SUM",
                        true, 0.0, 1.0002, false, 3000, 24000.5, null, null, null, 0.375, 2L, 30L));
    }

    @Test
    void shouldReportAnUnfinishedTestAndKeepItsIntervalsWhenTheEndEventNeverCame() {
        GoldenCase c = GoldenCase.load(GoldenCase.root().resolve("3.21-tcp-jsonstream"));
        List<String> lines = c.inputLines();

        List<Iperf3Event> events = feedAll(Iperf3Parsers.jsonStream(), lines.subList(0, lines.size() - 1));

        List<Iperf3Event> expected = new ArrayList<>(c.expected());
        expected.add(new Iperf3Failure(1, "output ended before test 1 finished"));
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldReportTheLineWhenItIsNotValidJson() {
        List<Iperf3Event> events = feedAll(Iperf3Parsers.jsonStream(),
                List.of(START, "{\"event\":\"interval\",\"data\":{\"streams\":[{\"socket\":5,", "[1,2]"));

        assertThat(events).extracting(Iperf3Event::test, e -> e.getClass().getSimpleName()).containsExactly(
                tuple(1, "Iperf3Failure"), tuple(1, "Iperf3Failure"), tuple(1, "Iperf3Failure"));
        assertThat(((Iperf3Failure) events.get(0)).message())
                .startsWith("not valid JSON: {\"event\":\"interval\",\"data\":{\"streams\":[{\"socket\":5,");
        assertThat(((Iperf3Failure) events.get(1)).message()).isEqualTo("not an iperf3 JSON event: [1,2]");
        assertThat(((Iperf3Failure) events.get(2)).message()).isEqualTo("output ended before test 1 finished");
    }

    @Test
    void shouldReportIperfsWordsWhenAnErrorEventArrives() {
        List<Iperf3Event> events = feedAll(Iperf3Parsers.jsonStream(), List.of(
                "{\"event\":\"error\",\"data\":\"unable to connect to server - server may not be running or is busy: Connection refused\"}",
                "{\"event\":\"end\",\"data\":{}}"));

        assertThat(events).containsExactly(new Iperf3Failure(0,
                "unable to connect to server - server may not be running or is busy: Connection refused"));
    }

    @Test
    void shouldReportAnIntervalWithImpossibleNumbersInsteadOfEmittingIt() {
        String bad = INTERVAL.replace("\"bits_per_second\":8000.5", "\"bits_per_second\":-8000.5")
                .replace("\"bytes\":2000", "\"bytes\":1e400");

        List<Iperf3Event> events = feedAll(new JsonStreamParser(() -> 0L), List.of(START, bad));

        assertThat(events).filteredOn(Iperf3Interval.class::isInstance).isEmpty();
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(Iperf3Failure.class));
        assertThat(((Iperf3Failure) events.get(0)).message())
                .startsWith("invalid interval of stream 10.1.1.2:40000-10.1.2.2:5201 in test 1");
    }

    @Test
    void shouldEmitTheServersIntervalsAsReceiverWhenServerOutputJsonIsIncluded() {
        String serverDoc = "{\"event\":\"server_output_json\",\"data\":{\"start\":{\"connected\":[{\"socket\":6,"
                + "\"local_host\":\"10.1.2.2\",\"local_port\":5201,\"remote_host\":\"10.1.1.2\",\"remote_port\":40000}],"
                + "\"accepted_connection\":{\"host\":\"10.1.1.2\",\"port\":39998},\"test_start\":{\"protocol\":\"TCP\"}},"
                + "\"intervals\":[{\"streams\":[{\"socket\":6,\"start\":0,\"end\":1,\"bytes\":5,\"bits_per_second\":40,"
                + "\"omitted\":false,\"sender\":false}],\"sum\":{\"start\":0,\"end\":1,\"bytes\":5,\"bits_per_second\":40,"
                + "\"omitted\":false,\"sender\":false}}]}}";
        String start = START.replace("\"UDP\"", "\"TCP\"");

        List<Iperf3Event> events = feedAll(Iperf3Parsers.jsonStream(),
                List.of(start, serverDoc, "{\"event\":\"end\",\"data\":{}}"));

        assertThat(events).containsExactly(new Iperf3Interval(1, 1_795_684_792_000L, Protocol.TCP, Side.RECEIVER,
                "10.1.1.2:40000-10.1.2.2:5201", false, 0.0, 1.0, false, 5, 40, null, null, null, null, null, null));
    }
}
