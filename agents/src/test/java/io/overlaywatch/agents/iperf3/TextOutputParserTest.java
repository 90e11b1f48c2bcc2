package io.overlaywatch.agents.iperf3;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour of the text parser beyond the golden files: cut output, errors, bad lines, units. */
class TextOutputParserTest {

    private static final long NOW = 1_795_684_380_000L;

    private static TextOutputParser parser() {
        return new TextOutputParser(() -> NOW, ZoneOffset.UTC);
    }

    private static List<Iperf3Event> feedAll(Iperf3OutputParser parser, List<String> lines) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }

    private static List<Iperf3Event> parse(String... lines) {
        return feedAll(parser(), List.of(lines));
    }

    private static List<Iperf3Interval> intervals(List<Iperf3Event> events) {
        return events.stream().filter(Iperf3Interval.class::isInstance).map(Iperf3Interval.class::cast).toList();
    }

    private static List<Iperf3Failure> failures(List<Iperf3Event> events) {
        return events.stream().filter(Iperf3Failure.class::isInstance).map(Iperf3Failure.class::cast).toList();
    }

    private static GoldenCase golden(String name) {
        return GoldenCase.load(GoldenCase.root().resolve(name));
    }

    @Test
    void shouldReportAnUnfinishedTestAndKeepEarlierIntervalsWhenClientOutputIsCutMidTest() {
        GoldenCase c = golden("3.12-tcp-client");
        List<String> lines = c.inputLines();
        int cut = lines.indexOf(lines.stream().filter(l -> l.contains("3.00-4.00")).findFirst().orElseThrow());

        List<Iperf3Event> events = feedAll(Iperf3Parsers.text(c.clock(), c.zone()), lines.subList(0, cut));

        assertThat(events).containsExactlyElementsOf(concat(c.expected().subList(0, 3),
                new Iperf3Failure(1, "output ended before test 1 finished")));
    }

    @Test
    void shouldReportOnlyTheCutTestWhenServerOutputEndsInItsFourthTest() {
        GoldenCase c = golden("3.12-server");
        List<String> lines = c.inputLines();
        int cut = lines.indexOf(lines.stream().filter(l -> l.startsWith("[  6]   1.00-2.00")).skip(3)
                .findFirst().orElseThrow());

        List<Iperf3Event> events = feedAll(Iperf3Parsers.text(c.clock(), c.zone()), lines.subList(0, cut));

        List<Iperf3Event> before = c.expected().stream()
                .filter(e -> e.test() < 4 || e.test() == 4 && ((Iperf3Interval) e).end() <= 1.0).toList();
        assertThat(events).containsExactlyElementsOf(concat(before,
                new Iperf3Failure(4, "output ended before test 4 finished")));
    }

    @Test
    void shouldReportAnUnfinishedTestWhenAnotherTestBeginsBeforeItsSummary() {
        List<Iperf3Event> events = parse(
                "Accepted connection from 10.1.1.2, port 54512",
                "[  6] local 10.1.2.2 port 5201 connected to 10.1.1.2 port 54524",
                "[ ID] Interval           Transfer     Bitrate",
                "[  6]   0.00-1.00   sec   948 MBytes  7.95 Gbits/sec                  ",
                "Accepted connection from 10.1.1.2, port 54600",
                "[  6] local 10.1.2.2 port 5201 connected to 10.1.1.2 port 54602",
                "[ ID] Interval           Transfer     Bitrate",
                "[  6]   0.00-1.00   sec   948 MBytes  7.95 Gbits/sec                  ",
                "[  6]   0.00-1.00   sec   948 MBytes  7.95 Gbits/sec                  receiver");

        assertThat(failures(events)).containsExactly(
                new Iperf3Failure(1, "test 1 stopped before it finished (a new test began)"));
        assertThat(intervals(events)).extracting(Iperf3Interval::test, Iperf3Interval::stream).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "10.1.1.2:54524-10.1.2.2:5201"),
                org.assertj.core.groups.Tuple.tuple(2, "10.1.1.2:54602-10.1.2.2:5201"));
    }

    @Test
    void shouldReportIperfsWordsWhenTheConnectionIsRefused() {
        List<Iperf3Event> events = parse("iperf3: error - unable to connect to server: Connection refused");

        assertThat(events).containsExactly(new Iperf3Failure(0, "unable to connect to server: Connection refused"));
    }

    @Test
    void shouldReportIperfsWordsWhenTheServerIsBusy() {
        List<Iperf3Event> events = parse(
                "Connecting to host 10.1.2.2, port 5201",
                "iperf3: error - the server is busy running a test. try again later");

        assertThat(events).containsExactly(new Iperf3Failure(0, "the server is busy running a test. try again later"));
    }

    @Test
    void shouldReportTheConnectionAttemptWhenOutputEndsBeforeTheClientConnected() {
        List<Iperf3Event> events = parse("Connecting to host 10.1.2.2, port 5201");

        assertThat(events).containsExactly(
                new Iperf3Failure(0, "output ended while connecting to 10.1.2.2, port 5201"));
    }

    @Test
    void shouldNameTheLineWhenAnIntervalLineHasGarbageNumbers() {
        String bad = "[  5]   0.00-1.00   sec   9x1 MBytes  7.98 Gbits/sec  394    334 KBytes       ";

        List<Iperf3Event> events = parse(
                "Connecting to host 10.1.2.2, port 5201",
                "[  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201",
                "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                bad,
                "iperf Done.");

        assertThat(events).containsExactly(new Iperf3Failure(1, "unparseable interval line: " + bad.stripTrailing()));
    }

    @Test
    void shouldRejectTheLineWhenNumbersAreNotPlainDecimals() {
        List<Iperf3Event> events = parse(
                "[  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201",
                "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                "[  5]   0.00-1.00   sec   NaN MBytes  7.98 Gbits/sec  394    334 KBytes       ",
                "[  5]   1.00-2.00   sec   951 MBytes  Infinity Gbits/sec  394    334 KBytes       ",
                "[  5]   2.00-3.00   sec   951 MBytes  1e400 Gbits/sec  394    334 KBytes       ",
                "[  5]   4.00-3.00   sec   951 MBytes  7.98 Gbits/sec  394    334 KBytes       ",
                "[  5]   3.00-4.00   sec   951 MBytes  7.98 Gbits/sec  -394    334 KBytes       ",
                "[  5]   4.00-5.00   sec   99999999999999 TBytes  7.98 Gbits/sec  394    334 KBytes       ",
                "iperf Done.");

        assertThat(intervals(events)).isEmpty();
        assertThat(failures(events)).hasSize(6)
                .allSatisfy(f -> assertThat(f.message()).startsWith("unparseable interval line: [  5]"));
    }

    @Test
    void shouldDropIperfsEndOfTestRemainderWhenAnIntervalIsShorterThanATenthOfASecond() {
        List<Iperf3Event> events = parse(
                "[  6] local 10.1.2.2 port 5201 connected to 10.1.1.2 port 54524",
                "[ ID] Interval           Transfer     Bitrate",
                "[  6]   4.00-5.00   sec   938 MBytes  7.89 Gbits/sec                  ",
                "[  6]   5.00-5.01   sec  1.75 MBytes  2.13 Gbits/sec                  ",
                "[  6]   5.00-5.09   sec  1.75 MBytes  2.13 Gbits/sec                  ",
                "[  6]   5.00-5.10   sec  1.75 MBytes  2.13 Gbits/sec                  ");

        assertThat(intervals(events)).extracting(Iperf3Interval::end).containsExactly(5.0, 5.1);
    }

    @Test
    void shouldReadUdpReceiverColumnsWhenTheHeaderHasJitterAndLoss() {
        List<Iperf3Event> events = parse(
                "Accepted connection from 10.1.1.2, port 35850",
                "[  6] local 10.1.2.2 port 5201 connected to 10.1.1.2 port 40670",
                "[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams",
                "[  6]   0.00-1.00   sec  95.5 MBytes   801 Mbits/sec  0.093 ms  11422/80571 (14%)  ",
                "[  6]   1.00-2.00   sec  95.5 KBytes   801 Kbits/sec  0.093 ms  0/0 (-nan%)  ",
                "[  6]   2.00-3.00   sec  95.5 KBytes   801 Kbits/sec  0.093 ms  100/100 (1e+02%)  ",
                "[  6]   3.00-4.00   sec  95.5 KBytes   801 Kbits/sec  0.093 ms  -3/100 (-3%)  ",
                "[  6]   0.00-4.00   sec   237 MBytes   662 Mbits/sec  0.053 ms  80206/251687 (32%)  receiver");

        List<Iperf3Interval> intervals = intervals(events);
        assertThat(failures(events)).isEmpty();
        assertThat(intervals.get(0)).isEqualTo(new Iperf3Interval(1, NOW, Protocol.UDP, Side.RECEIVER,
                "10.1.1.2:40670-10.1.2.2:5201", false, 0.0, 1.0, false, 100_139_008L, 801e6,
                null, null, null, 0.093, 11422L, 80571L));
        assertThat(intervals.get(1).bytes()).isEqualTo(97_792L);
        assertThat(intervals.get(1).bitsPerSecond()).isEqualTo(801e3);
        assertThat(intervals.get(2).lost()).isEqualTo(100L);
        // iperf3 counts out-of-order datagrams as negative loss; a negative count is never emitted
        assertThat(intervals.get(3).lost()).isNull();
        assertThat(intervals.get(3).packets()).isEqualTo(100L);
    }

    @Test
    void shouldConvertByteRatesWhenIperfPrintsBitrateInBytesPerSecond() {
        List<Iperf3Event> events = parse(
                "[  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201",
                "[ ID] Interval           Transfer     Bitrate",
                "[  5]   0.00-1.00   sec  1.00 GBytes  1.00 GBytes/sec                  ",
                "[  5]   1.00-2.00   sec  0.00 Bytes  0.00 bits/sec                  ");

        assertThat(intervals(events)).extracting(Iperf3Interval::bitsPerSecond)
                .containsExactly(8.0 * 1024 * 1024 * 1024, 0.0);
        assertThat(intervals(events)).extracting(Iperf3Interval::bytes).containsExactly(1L << 30, 0L);
    }

    @Test
    void shouldUseTheDateOfTheConnectionLineWhenTimestampsHaveASpacePaddedDay() {
        TextOutputParser parser = new TextOutputParser(() -> NOW, ZoneOffset.ofHours(2));

        List<Iperf3Event> events = feedAll(parser, List.of(
                "Fri Mar  6 23:59:58 2026 [  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201",
                "Fri Mar  6 23:59:59 2026 [ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                "Sat Mar  7 00:00:00 2026 [  5]   0.00-1.00   sec   951 MBytes  7.98 Gbits/sec  394    334 KBytes       ",
                "Sat Mar  7 00:00:00 2026 ",
                "Sat Mar  7 00:00:00 2026 iperf Done."));

        // 2026-03-06T23:59:58+02:00 is 21:59:58Z
        assertThat(events).singleElement().extracting(e -> ((Iperf3Interval) e).time())
                .isEqualTo(1_772_834_398_000L + 1000);
    }

    @Test
    void shouldIgnoreUnrelatedLinesWhenTheyCarryNoInterval() {
        List<Iperf3Event> events = parse(
                "warning: Report interval (0.5 sec) is less than 1 sec",
                "Reverse mode, remote host 10.1.2.2 is sending",
                "[  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201",
                "[  5] MSS size 1448 bytes (MTU 1500 bytes, ethernet)",
                "[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams",
                "[  5]   0.0- 1.0 sec  3 datagrams received out-of-order",
                "- - - - - - - - - - - - - - - - - - - - - - - - -",
                "Test Complete. Summary Results:",
                "CPU Utilization: local/receiver 5.3% (0.2%u/5.1%s), remote/sender 0.0% (0.0%u/0.0%s)",
                "iperf Done.");

        assertThat(events).isEmpty();
    }

    @Test
    void shouldTimeMeasuredIntervalsAfterTheWarmUpWhenIntervalsWereOmitted() {
        List<Iperf3Event> events = parse(
                "[  5] local 127.0.0.1 port 33418 connected to 127.0.0.1 port 15201",
                "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                "[  5]   0.00-1.00   sec  2.02 GBytes  17.3 Gbits/sec    2    895 KBytes       (omitted)",
                "[  5]   1.00-2.00   sec  2.02 GBytes  17.3 Gbits/sec    2    895 KBytes       (omitted)",
                "[  5]   0.00-1.00   sec  2.01 GBytes  17.2 Gbits/sec    4    767 KBytes       ",
                "iperf Done.");

        assertThat(intervals(events)).extracting(Iperf3Interval::omitted, Iperf3Interval::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple(true, NOW),
                org.assertj.core.groups.Tuple.tuple(true, NOW + 1000),
                org.assertj.core.groups.Tuple.tuple(false, NOW + 2000));
    }

    @Test
    void shouldTimeATestFromItsFirstIntervalWhenItsConnectionLineArrivesWithIt() {
        // iperf3 3.12 flushes the lines before its first interval report only with that report, a second late.
        TimedFeed feed = new TimedFeed()
                .at(NOW + 1000, "[  5] local 127.0.0.1 port 33418 connected to 127.0.0.1 port 15201",
                        "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd")
                .at(NOW + 1003, "[  5]   0.00-1.00   sec  2.01 GBytes  17.2 Gbits/sec    4    767 KBytes       ")
                .at(NOW + 2004, "[  5]   1.00-2.00   sec  2.01 GBytes  17.2 Gbits/sec    4    767 KBytes       ");

        // The first interval ended when it was read, not a second after: no sample is stamped ahead of its time.
        assertThat(intervals(feed.events)).extracting(Iperf3Interval::time).containsExactly(NOW + 1003, NOW + 2003);
    }

    @Test
    void shouldTimeEachTestOfAServerFromItsOwnFirstInterval() {
        TimedFeed feed = new TimedFeed();
        for (long startsAt : new long[] {NOW, NOW + 60_000}) {
            feed.at(startsAt, "Accepted connection from 10.1.1.2, port 35850",
                            "[  5] local 10.1.2.2 port 5201 connected to 10.1.1.2 port 54524",
                            "[ ID] Interval           Transfer     Bitrate")
                    .at(startsAt + 1000, "[  5]   0.00-1.00   sec   951 MBytes  7.98 Gbits/sec                  ")
                    .at(startsAt + 2000, "[  5]   1.00-2.00   sec   951 MBytes  7.98 Gbits/sec                  ",
                            "[  5]   0.00-2.00   sec  1.86 GBytes  7.98 Gbits/sec                  receiver");
        }

        assertThat(intervals(feed.events)).extracting(Iperf3Interval::test, Iperf3Interval::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, NOW + 1000), org.assertj.core.groups.Tuple.tuple(1, NOW + 2000),
                org.assertj.core.groups.Tuple.tuple(2, NOW + 61_000), org.assertj.core.groups.Tuple.tuple(2, NOW + 62_000));
    }

    /** Lines fed as a running iperf3 prints them, each batch read at its own time of the parser's clock. */
    private static final class TimedFeed {
        private final AtomicLong now = new AtomicLong(NOW);
        private final TextOutputParser parser = new TextOutputParser(now::get, ZoneOffset.UTC);
        private final List<Iperf3Event> events = new ArrayList<>();

        TimedFeed at(long time, String... lines) {
            now.set(time);
            for (String line : lines) {
                events.addAll(parser.feed(line));
            }
            return this;
        }
    }

    @Test
    void shouldNeverThrowWhenLinesAreNullEmptyOrCarriageReturned() {
        TextOutputParser parser = parser();

        assertThat(parser.feed(null)).isEmpty();
        assertThat(parser.feed("")).isEmpty();
        assertThat(parser.feed("[  5] local 10.1.1.2 port 54524 connected to 10.1.2.2 port 5201\r")).isEmpty();
        assertThat(parser.feed("[ ID] Interval           Transfer     Bitrate\r")).isEmpty();
        assertThat(parser.feed("[  5]   0.00-1.00   sec   951 MBytes  7.98 Gbits/sec                  \r"))
                .singleElement().isInstanceOf(Iperf3Interval.class);
    }

    private static List<Iperf3Event> concat(List<Iperf3Event> first, Iperf3Event last) {
        List<Iperf3Event> all = new ArrayList<>(first);
        all.add(last);
        return all;
    }
}
