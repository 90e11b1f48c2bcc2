package io.overlaywatch.agents.live;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Runs one probe after another on a {@link LiveSchedule} until stopped. A failed test is the probe's business (it
 * sends a probe error) and does not end the schedule: a live agent keeps watching.
 */
public final class LiveProber {

    private static final Logger LOG = LoggerFactory.getLogger(LiveProber.class);

    private final LiveSchedule schedule;
    private final IntFunction<Iperf3Probe> probes;
    private final RandomGenerator random;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RunningProbe current;
    private int rounds;
    private int failedRounds;

    /**
     * @param probes the probe of each round, numbered from 0 (the round is the step index of its records)
     */
    public LiveProber(LiveSchedule schedule, IntFunction<Iperf3Probe> probes, RandomGenerator random) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Probes until {@link #stop()}; returns the number of rounds run. */
    public int run() throws InterruptedException {
        if (waitOrStop(jitter())) {
            return rounds;
        }
        while (true) {
            try {
                Iperf3Probe probe = probes.apply(rounds);
                current = probe.start();
                // A stop() that came between the check and the start must still end this probe.
                if (stopped.getCount() == 0) {
                    current.stop();
                }
                ProbeResult result = current.await();
                rounds++;
                if (!result.ok() && !result.stopped()) {
                    failedRounds++;
                    LOG.warn("round {}: {} failed: {}", rounds - 1, probe.describe(), result.errors());
                }
            } catch (IOException | RuntimeException e) {
                // iperf3 could not start (e.g. gone from the image), or the round's labels could not be made:
                // say so and try again next round, as a live agent must keep watching.
                rounds++;
                failedRounds++;
                LOG.error("round {}: {}", rounds - 1, e.getMessage());
            } finally {
                current = null;
            }
            if (waitOrStop(schedule.pause().plus(jitter()))) {
                return rounds;
            }
        }
    }

    /** Ends the schedule: stops a running test (what it measured is still sent) or the wait for the next. */
    public void stop() {
        stopped.countDown();
        RunningProbe running = current;
        if (running != null) {
            running.stop();
        }
    }

    /** Rounds whose test failed. */
    public int failedRounds() {
        return failedRounds;
    }

    /** A random wait from zero to the schedule's jitter, inclusive. */
    Duration jitter() {
        long max = schedule.jitter().toMillis();
        return max == 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(max + 1));
    }

    /** Waits for {@code delay}; true when stopped meanwhile. */
    private boolean waitOrStop(Duration delay) throws InterruptedException {
        return stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
