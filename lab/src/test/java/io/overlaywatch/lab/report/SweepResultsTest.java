package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class SweepResultsTest {

    private final SweepResults results = SweepFixtures.results();

    @Test
    void shouldGroupRepetitionsIntoOnePointPerSetting() {
        assertThat(results.points(SweepKind.POLICY))
                .extracting(p -> p.series().profile(), p -> p.series().protocol(), SweepPoint::x,
                        p -> p.throughput().n())
                .containsExactly(
                        tuple("linear", "tcp", 1, 3), tuple("linear", "tcp", 10_000, 3),
                        tuple("hashed", "tcp", 1, 3), tuple("hashed", "tcp", 10_000, 3),
                        tuple("linear", "udp", 1, 2), tuple("linear", "udp", 10_000, 2));
        assertThat(results.kinds()).containsExactly(SweepKind.POLICY, SweepKind.POD);
    }

    @Test
    void shouldUseTheSenderForTcpAndTheReceiverForUdp() {
        // The fixtures give the other side 99 Gbit/s: any of it in a mean would show.
        assertThat(point(SweepKind.POLICY, "linear", "tcp", 1).meanBps()).isCloseTo(90.5e9 / 3, within(1.0));
        assertThat(point(SweepKind.POLICY, "linear", "udp", 1).meanBps()).isCloseTo(0.495e9, within(1.0));
        assertThat(RelevantSide.of("tcp")).isEqualTo("sender");
        assertThat(RelevantSide.of("UDP")).isEqualTo("receiver");
    }

    @Test
    void shouldCompareEveryPointWithTheLowestPolicyCountOfItsLine() {
        SweepPoint first = point(SweepKind.POLICY, "linear", "tcp", 1);
        SweepPoint last = point(SweepKind.POLICY, "linear", "tcp", 10_000);

        assertThat(first.changeBps()).isZero();
        assertThat(first.changePct()).isZero();
        // (2.0 - 30.1666667) Gbit/s = -28.1666667 Gbit/s, / 30.1666667 = -93.37%
        assertThat(last.changeBps()).isCloseTo(2.0e9 - 90.5e9 / 3, within(1.0));
        assertThat(last.changePct()).isCloseTo(-93.3701657, within(1e-6));
        assertThat(last.expectedBps()).isNaN();
        assertThat(last.fairness()).isNaN();
    }

    @Test
    void shouldUseCumulativeThroughputAndTheSinglePairAsExpectedInThePodSweep() {
        SweepPoint forty = point(SweepKind.POD, "hashed", "tcp", 40);

        assertThat(forty.meanBps()).isCloseTo(1.3e9, within(1.0));
        assertThat(forty.throughput().halfWidth()).isZero();
        assertThat(forty.expectedBps()).isCloseTo(2.5e9, within(1.0));
        // (1.3 - 2.5) / 2.5 = -48%
        assertThat(forty.degradationBps()).isCloseTo(-1.2e9, within(1.0));
        assertThat(forty.degradationPct()).isCloseTo(-48.0, within(1e-9));
    }

    @Test
    void shouldAverageJainsIndexOverRepetitionsWithPairsSummingTheirStreams() {
        // 4 pairs: repetition 1 is 0.25+0.25, 0.5, 0.5, 0.5 -> 1.0; repetition 2 is 1:3:1:3 -> 0.8; mean 0.9.
        assertThat(point(SweepKind.POD, "hashed", "tcp", 4).fairness()).isCloseTo(0.9, within(1e-9));
        assertThat(point(SweepKind.POD, "hashed", "tcp", 40).fairness()).isCloseTo(0.9, within(1e-9));
        assertThat(point(SweepKind.POD, "hashed", "tcp", 1).fairness()).isEqualTo(1.0);
        // UDP: the receivers' streams are equal; the senders' (one pair gets everything) are ignored.
        assertThat(point(SweepKind.POD, "hashed", "udp", 4).fairness()).isEqualTo(1.0);
    }

    @Test
    void shouldCountAPairThatReportedNothingAsStarved() {
        StepId fourPairs = new StepId("pod", "hashed", "tcp", 7, 0, 4, 1);
        List<StreamRow> twoReported = List.of(new StreamRow(fourPairs, "sender", "c1", "s", 1e9),
                new StreamRow(fourPairs, "sender", "c2", "s", 1e9));

        // (1 + 1 + 0 + 0)^2 / (4 * (1 + 1)) = 0.5
        assertThat(SweepResults.fairnessByStep(twoReported)).containsEntry(fourPairs, 0.5);
    }

    @Test
    void shouldIgnoreLiveSummaries() {
        assertThat(results.points()).noneMatch(p -> p.series().scenario().equals("live"));
    }

    @Test
    void shouldNameTheColumnWhenARowLacksIt() {
        Map<String, Object> row = SweepFixtures.stepRows().get(0);
        row.remove("mean_bps");

        assertThatThrownBy(() -> SweepResults.fromRows("r", List.of(row), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mean_bps");
    }

    @Test
    void shouldQuoteThePoliciesKeywordAndTheRunInQueries() {
        assertThat(SweepReader.stepQuery("it's")).isEqualTo("SELECT * FROM step_summary WHERE run = 'it\\'s'");
        assertThat(SweepReader.streamQuery("r1")).contains("\"policies\"").contains("run = 'r1'");
    }

    private SweepPoint point(SweepKind kind, String profile, String protocol, int x) {
        return results.points(kind).stream()
                .filter(p -> p.series().profile().equals(profile) && p.series().protocol().equals(protocol)
                        && p.x() == x)
                .findFirst().orElseThrow();
    }
}
