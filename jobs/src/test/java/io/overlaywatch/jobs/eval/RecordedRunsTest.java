package io.overlaywatch.jobs.eval;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecordedRunsTest {

    @Test
    void shouldReadPerStreamIntervalsAndLeaveOutSumsSummariesAndFragments() {
        List<String> lines = List.of(
                "[  5] local 10.1.1.2 port 60596 connected to 10.1.2.2 port 5201",
                "[ ID] Interval           Transfer     Bitrate         Retr  Cwnd",
                "[  5]   0.00-1.00   sec   581 MBytes  4.86 Gbits/sec  225    325 KBytes       ",
                "[  7]   0.00-1.00   sec   579 MBytes  4.84 Gbits/sec  316    342 KBytes       ",
                "[SUM]   0.00-1.00   sec  2.26 GBytes  19.4 Gbits/sec  1408             ",
                "- - - - - - - - - - - - - - - - - - - - - - - - -",
                "[  5]   1.00-2.00   sec  1200 MBytes  10066 Mbits/sec    0   1.37 MBytes       ",
                "[  7]   1.00-2.00   sec  1200 MBytes  10066 Mbits/sec    0   1.37 MBytes       ",
                "[  5]   2.00-2.01   sec  1.75 MBytes  2.13 Gbits/sec                  ",
                "[  5]   0.00-2.00   sec  1.78 GBytes  7.45 Gbits/sec  225             sender");

        List<List<RecordedRun.Interval>> seconds = RecordedRuns.parse(lines, "test");

        assertThat(seconds).hasSize(2);
        assertThat(seconds.get(0)).extracting(RecordedRun.Interval::bps).containsExactly(4.86e9, 4.84e9);
        assertThat(seconds.get(1)).extracting(RecordedRun.Interval::stream).containsExactly("5", "7");
        assertThat(seconds.get(1).get(0).bps()).isCloseTo(10.066e9, within(1.0));
    }

    @Test
    void shouldReadUdpLossOnTheReceiver() {
        List<List<RecordedRun.Interval>> seconds = RecordedRuns.parse(List.of(
                "[  6]   0.00-1.00   sec  95.5 MBytes   801 Mbits/sec  0.093 ms  11422/80571 (14%)  "), "test");

        assertThat(seconds.get(0).get(0).lost()).isEqualTo(11422);
        assertThat(seconds.get(0).get(0).packets()).isEqualTo(80571);
    }

    @Test
    void shouldBundleRealRunsOfBothProtocolsWithTheirRelevantSide() {
        List<RecordedRun> runs = RecordedRuns.bundled();

        assertThat(runs).filteredOn(RecordedRun::isNoise).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.seconds().size()).isGreaterThanOrEqualTo(120));
        assertThat(runs).anySatisfy(r -> {
            assertThat(r.protocol()).isEqualTo(Protocol.UDP);
            assertThat(r.side()).isEqualTo(Side.RECEIVER);
            assertThat(r.seconds().get(5).get(0).packets()).isPositive();
        });
        assertThat(runs).filteredOn(r -> r.protocol() == Protocol.TCP).allSatisfy(r ->
                assertThat(r.side()).isEqualTo(Side.SENDER));
    }
}
