package io.overlaywatch.lab.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BenchStatisticsTest {

    @Test
    void shouldTakeNearestRankPercentilesThatWereMeasured() {
        List<Long> latencies = new ArrayList<>();
        for (long ms = 1; ms <= 200; ms++) {
            latencies.add(ms * 10);
        }

        Percentiles p = Percentiles.of(latencies);

        assertThat(p.count()).isEqualTo(200);
        assertThat(p.p50()).isEqualTo(1000);
        assertThat(p.p99()).isEqualTo(1980);
        assertThat(p.max()).isEqualTo(2000);
    }

    @Test
    void shouldRefusePercentilesOfNothing() {
        assertThatThrownBy(() -> Percentiles.of(List.of())).hasMessageContaining("no values");
    }

    @Test
    void shouldTakeTheMedianOfOddAndEvenCounts() {
        assertThat(AgentBenchCommand.median(new double[] {0.99, 0.95, 1.01})).isEqualTo(0.99);
        assertThat(AgentBenchCommand.median(new double[] {1.0, 0.9, 0.96, 0.98})).isCloseTo(0.97, within(1e-12));
    }

    @Test
    void shouldMeetAGoalAtItsBound() {
        assertThat(Goal.atLeast("ratio", 0.98, 0.98, "").met()).isTrue();
        assertThat(Goal.atLeast("ratio", 0.97, 0.98, "").met()).isFalse();
        assertThat(Goal.atMost("rss", 64, 64, "MiB").met()).isTrue();
        assertThat(Goal.atMost("rss", 64.5, 64, "MiB").met()).isFalse();
    }

    @Test
    void shouldReadTheLoadAverageFromProcLoadavg() {
        Machine m = Machine.of(2, "0.52 1.01 1.54 2/345 6789\n", "2026-11-26T15:15:00Z");

        assertThat(m).isEqualTo(new Machine(2, 0.52, 1.01, 1.54, "2026-11-26T15:15:00Z"));
        assertThat(m.describe()).isEqualTo("2 cores, load 0.52 1.01 1.54");
        assertThatThrownBy(() -> Machine.of(2, "garbage", "now")).hasMessageContaining("garbage");
    }
}
