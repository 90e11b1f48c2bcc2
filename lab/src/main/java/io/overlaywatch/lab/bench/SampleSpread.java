package io.overlaywatch.lab.bench;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;

/**
 * The samples of a benchmark, spread over keys like a policy sweep: {@code runs} runs side by side (one per CNI),
 * each of {@code steps} steps one after another, each step with {@code pods} client pods of {@code streams}
 * parallel streams reporting one interval a second. Sample {@code i} is a function of {@code i} alone.
 *
 * @param runs    concurrent runs
 * @param steps   steps per run
 * @param pods    client/server pairs per step
 * @param streams parallel streams per pair
 * @param samples samples in all
 * @param prefix  run id prefix; run {@code r} is {@code prefix-r<r>}
 * @param t0      event time of the first interval's end, epoch ms
 */
public record SampleSpread(int runs, int steps, int pods, int streams, long samples, String prefix, long t0) {

    public SampleSpread {
        for (int n : new int[] {runs, steps, pods, streams}) {
            if (n < 1) {
                throw new IllegalArgumentException("runs, steps, pods and streams must be at least 1");
            }
        }
        if (samples < (long) runs * steps * pods * streams) {
            throw new IllegalArgumentException("--samples " + samples + " gives less than one interval per stream"
                    + " (runs x steps x pods x streams = " + (long) runs * steps * pods * streams + ")");
        }
    }

    /** Samples of one interval over all runs, pods and streams. */
    long perInterval() {
        return (long) runs * pods * streams;
    }

    /** Intervals per step; the last step takes the remainder. */
    long intervalsPerStep() {
        return samples / perInterval() / steps;
    }

    /** Step markers: a start and an end for every step of every run. */
    int markers() {
        return 2 * runs * steps;
    }

    /** Steps of all runs, each closed by its end marker: the step summaries to expect. */
    int summaries() {
        return runs * steps;
    }

    /**
     * The {@code i}-th sample, in event-time order: interval by interval, and within an interval run by run,
     * pod by pod, stream by stream. Samples past the last full interval fill the last step's next interval.
     */
    public Sample sample(long i) {
        long interval = i / perInterval();
        int within = (int) (i % perInterval());
        int run = within / (pods * streams);
        int pod = within / streams % pods;
        int stream = within % streams;
        int step = (int) Math.min(steps - 1, interval / intervalsPerStep());
        long second = interval - (long) step * intervalsPerStep();
        // Throughput falls as policies grow, with a little per-stream spread, like the paper's linear profile.
        double bps = 9.4e9 / (1 + step) / streams * (0.9 + 0.2 * ((i * 2654435761L >>> 7) % 1000) / 1000.0);
        return new Sample(WireRecord.VERSION, t0 + interval * 1000, key(run, step), Side.SENDER,
                "client-" + pod, "server-" + pod, "node-a", "node-b",
                "10.1." + pod + ".2:" + (40000 + stream) + "-10.2." + pod + ".2:5201", false,
                second, second + 1, false, (long) (bps / 8), bps,
                (i % 97 == 0) ? 1L : 0L, 1_000_000L + stream * 1000L, null, null, null, null, "cubic", null);
    }

    /** The start ({@code end == false}) or end marker of a step. */
    public StepMarker marker(int run, int step, boolean end) {
        long first = t0 + (long) step * intervalsPerStep() * 1000;
        long last = step == steps - 1 ? t0 + ((samples - 1) / perInterval()) * 1000 : first + (intervalsPerStep() - 1) * 1000;
        double duration = (last - first) / 1000.0 + 1;
        // The start marker comes a second before the step's first interval ends; the end marker with its last.
        return end ? new StepMarker(WireRecord.VERSION, last, key(run, step), StepMarker.Phase.END, duration)
                : new StepMarker(WireRecord.VERSION, first - 1000, key(run, step), StepMarker.Phase.START, duration);
    }

    StepKey key(int run, int step) {
        return new StepKey(prefix + "-r" + run, Scenario.POLICY, "profile-" + run, Protocol.TCP, step,
                step * 500, pods, 1);
    }
}
