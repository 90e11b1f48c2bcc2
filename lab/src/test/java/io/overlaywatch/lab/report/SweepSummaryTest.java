package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SweepSummaryTest {

    private final SweepResults results = SweepFixtures.results();

    @Test
    void shouldSayWhatEachProfileLosesFromTheFirstToTheLastPolicyCount() {
        assertThat(SweepSummary.policySentences(results.series(SweepKind.POLICY))).containsExactly(
                // hashed: 29.0 ± 2.5 and 28.5 ± 2.4 overlap, so the loss is no clear change.
                "linear (tcp) loses 28.2 Gbit/s (93%) from 1 to 10,000 policies; "
                        + "hashed (tcp) loses 0.47 Gbit/s (2%, within the 95% intervals).",
                "linear (udp) loses 0.43 Gbit/s (87%) from 1 to 10,000 policies.");
    }

    @Test
    void shouldCompareCumulativeThroughputWithTheExpectedSinglePair() {
        var lines = results.series(SweepKind.POD);
        var tcp = lines.keySet().stream().filter(s -> s.protocol().equals("tcp")).findFirst().orElseThrow();

        assertThat(SweepSummary.podSentence(tcp, lines.get(tcp))).isEqualTo(
                "From 1 to 40 pod pairs, cumulative TCP throughput of hashed changes by -48% (-1.2 Gbit/s) against"
                        + " the expected single-pair throughput of 2.50 Gbit/s; Jain's fairness at 40 pairs 0.90.");
    }

    @Test
    void shouldWriteBothSweepsAndLinkTheFigures() {
        String md = SweepSummary.markdown(results, Map.of(SweepKind.POLICY, "policy-sweep.png"));

        assertThat(md).startsWith("# Sweep results of run `r-test`\n")
                .contains("## Policy sweep", "## Pod sweep", "![Throughput against policy count](policy-sweep.png)",
                        "- From 1 to 4 pod pairs, cumulative UDP throughput of hashed changes by -11% (-0.05 Gbit/s)")
                .doesNotContain("pod-sweep.png");
    }

    @Test
    void shouldSaySoWhenThereIsNothingToSummarise() {
        assertThat(SweepSummary.markdown(SweepResults.of("empty", java.util.List.of(), java.util.List.of()), Map.of()))
                .contains("No step summaries");
    }
}
