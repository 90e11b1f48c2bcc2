package io.overlaywatch.agents.live;

import java.time.Duration;
import java.util.Objects;

/**
 * When a live agent probes: a random wait of up to {@code jitter} first, so that clients started together do not
 * all test at once, then a test, a {@code pause} plus up to {@code jitter}, a test, and so on.
 *
 * @param pause  the least time between the end of one test and the start of the next
 * @param jitter the most random time added before the first test and to every pause
 */
public record LiveSchedule(Duration pause, Duration jitter) {

    public LiveSchedule {
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(jitter, "jitter");
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative, was " + pause);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative, was " + jitter);
        }
    }

    /** One test after another, e.g. a server that serves one test per iperf3 process. */
    public static LiveSchedule backToBack() {
        return new LiveSchedule(Duration.ZERO, Duration.ZERO);
    }
}
