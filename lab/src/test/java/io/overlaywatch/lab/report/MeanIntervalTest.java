package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeanIntervalTest {

    @Test
    void shouldGiveTheMeanAndNoIntervalForOneValue() {
        MeanInterval m = MeanInterval.of(12.5);

        assertThat(m.n()).isEqualTo(1);
        assertThat(m.mean()).isEqualTo(12.5);
        assertThat(m.hasInterval()).isFalse();
        assertThat(m.low()).isEqualTo(12.5);
        assertThat(m.high()).isEqualTo(12.5);
    }

    @Test
    void shouldUseStudentTWithOneDegreeOfFreedomForTwoValues() {
        // 10 and 14: mean 12, s = sqrt((4 + 4) / 1) = 2.8284, s/sqrt(2) = 2, t(0.975, 1) = 12.7062047,
        // half-width = 25.4124094.
        MeanInterval m = MeanInterval.of(10, 14);

        assertThat(m.n()).isEqualTo(2);
        assertThat(m.mean()).isEqualTo(12.0);
        assertThat(m.halfWidth()).isCloseTo(25.4124094, within(1e-6));
        assertThat(m.low()).isCloseTo(12 - 25.4124094, within(1e-6));
    }

    @Test
    void shouldUseStudentTWithTwoDegreesOfFreedomForThreeValues() {
        // 10, 12, 17: mean 13, deviations -3, -1, 4, s = sqrt(26 / 2) = 3.6055513, s/sqrt(3) = 2.0816660,
        // t(0.975, 2) = 4.3026527, half-width = 8.9566859.
        MeanInterval m = MeanInterval.of(10, 12, 17);

        assertThat(m.mean()).isEqualTo(13.0);
        assertThat(m.halfWidth()).isCloseTo(8.9566859, within(1e-6));
    }

    @Test
    void shouldHaveAZeroWidthIntervalForEqualValues() {
        assertThat(MeanInterval.of(1.3e9, 1.3e9).halfWidth()).isZero();
    }

    @Test
    void shouldTellOverlappingIntervals() {
        assertThat(MeanInterval.of(10, 14).overlaps(MeanInterval.of(30, 31))).isTrue(); // 12 ± 25.4
        assertThat(MeanInterval.of(10, 12, 17).overlaps(MeanInterval.of(30, 31, 32))).isFalse();
        assertThat(MeanInterval.of(10).overlaps(MeanInterval.of(10))).isFalse(); // no interval to overlap
    }
}
