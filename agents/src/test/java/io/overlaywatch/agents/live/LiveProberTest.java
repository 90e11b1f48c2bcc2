package io.overlaywatch.agents.live;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveProberTest {

    @Test
    void shouldSpreadWaitsOverTheWholeJitter() {
        LiveProber prober = new LiveProber(new LiveSchedule(Duration.ofSeconds(50), Duration.ofSeconds(10)),
                round -> null, new SplittableRandom(7));
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            Duration wait = prober.jitter();
            assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(10));
            seconds.add(wait.toSeconds());
        }
        assertThat(seconds).as("every second of the jitter is used").hasSize(10);
    }

    @Test
    void shouldNotWaitWithoutJitter() {
        LiveProber prober = new LiveProber(LiveSchedule.backToBack(), round -> null, new SplittableRandom(7));
        assertThat(prober.jitter()).isZero();
    }

    @Test
    void shouldRejectNegativeTimes() {
        assertThatThrownBy(() -> new LiveSchedule(Duration.ofSeconds(-1), Duration.ZERO)).hasMessageContaining("pause");
        assertThatThrownBy(() -> new LiveSchedule(Duration.ZERO, Duration.ofSeconds(-1))).hasMessageContaining("jitter");
    }
}
