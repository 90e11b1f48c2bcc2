package io.overlaywatch.jobs.records;

/**
 * One step in one run, for comparing runs: the per-stream samples' count, mean and sum of squared deviations,
 * merged exactly over the run's repetitions of the step (Chan et al.'s parallel update), and the verdict.
 */
public class RunMoments {

    /** The run. */
    public String run;
    /** Time of the run's newest repetition of the step (its last sample), epoch ms. */
    public long time;
    /** The longest repetition, first to last sample, ms: how long to wait for the next one. */
    public long longest;
    /** Samples. */
    public long n;
    /** Mean per-stream throughput, bit/s. */
    public double mean;
    /** Sum of squared deviations from the mean, (bit/s)^2. */
    public double m2;
    /** Step summaries (repetitions) merged in. */
    public int repetitions;
    /** Lowest mean of one repetition, bit/s: the one whose counters the alert names. */
    public double lowestRepetitionBps = Double.POSITIVE_INFINITY;
    /** The counters that moved most in that repetition, as a reason names them; empty when none. */
    public String counters = "";
    /** Whether the run was compared with its baseline; its later repetitions are merged but not judged again. */
    public boolean judged;
    /** Whether it regressed: a regressed run never joins a baseline. */
    public boolean regressed;

    public RunMoments() {
    }

    public RunMoments(String run) {
        this.run = run;
    }

    /** Merges one repetition: {@code count} samples with this mean and sample standard deviation. */
    public void add(long count, double sampleMean, double stddev, long firstTime, long lastTime) {
        if (count > 0) {
            double otherM2 = count > 1 ? stddev * stddev * (count - 1) : 0;
            long total = n + count;
            double delta = sampleMean - mean;
            mean += delta * count / total;
            m2 += otherM2 + delta * delta * ((double) n * count / total);
            n = total;
        }
        repetitions++;
        time = Math.max(time, lastTime);
        longest = Math.max(longest, lastTime - firstTime);
    }

    /** Sample standard deviation of the merged samples; 0 for fewer than two. */
    public double stddev() {
        return n < 2 ? 0 : Math.sqrt(Math.max(0, m2 / (n - 1)));
    }
}
