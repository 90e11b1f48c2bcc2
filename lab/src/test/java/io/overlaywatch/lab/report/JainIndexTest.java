package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JainIndexTest {

    @Test
    void shouldBeOneForEqualPairs() {
        assertThat(JainIndex.of(5e9, 5e9, 5e9)).isEqualTo(1.0);
    }

    @Test
    void shouldBeEightTenthsForOneAndThree() {
        // (1 + 3)^2 / (2 * (1 + 9)) = 16 / 20
        assertThat(JainIndex.of(1, 3)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void shouldBeOneOverNWhenOnePairGetsEverything() {
        assertThat(JainIndex.of(4, 0, 0, 0)).isEqualTo(0.25);
    }

    @Test
    void shouldBeUndefinedWithoutThroughput() {
        assertThat(JainIndex.of()).isNaN();
        assertThat(JainIndex.of(0, 0)).isNaN();
    }
}
