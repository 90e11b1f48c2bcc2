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
        assertThat(MedianInterval.of(new double[] {0.99, 0.95, 1.01}).median()).isEqualTo(0.99);
        assertThat(MedianInterval.of(new double[] {1.0, 0.9, 0.96, 0.98}).median()).isCloseTo(0.97, within(1e-12));
    }

    @Test
    void shouldBoundTheMedianByTheOrderStatisticsThatCoverItWithNinetyFivePercent() {
        // Of 9 values, x(2) and x(8): 1 - 2 (1 + 9) / 512 = 96.1%; x(3) and x(7) would cover 82.0%.
        MedianInterval nine = MedianInterval.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5});
        assertThat(nine.median()).isEqualTo(5);
        assertThat(nine.low()).isEqualTo(2);
        assertThat(nine.high()).isEqualTo(8);
        assertThat(nine.coverage()).isCloseTo(1 - 20.0 / 512, within(1e-12));
        // Of 20 values, x(6) and x(15): 1 - 2 P(Bin(20, 1/2) <= 5) = 95.9%.
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) {
            twenty[i] = 20 - i;
        }
        MedianInterval wide = MedianInterval.of(twenty);
        assertThat(wide.low()).isEqualTo(6);
        assertThat(wide.high()).isEqualTo(15);
        assertThat(wide.coverage()).isCloseTo(1 - 2 * 21700.0 / 1048576, within(1e-12));
    }

    @Test
    void shouldFallBackToTheRangeWhenTooFewValuesReachNinetyFivePercent() {
        MedianInterval three = MedianInterval.of(new double[] {0.97, 1.02, 0.99});
        assertThat(three.low()).isEqualTo(0.97);
        assertThat(three.high()).isEqualTo(1.02);
        assertThat(three.coverage()).isCloseTo(0.75, within(1e-12));
        assertThatThrownBy(() -> MedianInterval.of(new double[0])).hasMessageContaining("no values");
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
