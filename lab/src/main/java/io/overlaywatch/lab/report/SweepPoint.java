package io.overlaywatch.lab.report;

/**
 * One point of a sweep: the repetitions of one setting of a {@link SweepSeries}, summarised.
 *
 * @param series      the line the point belongs to
 * @param policies    policies in force
 * @param pods        concurrent client/server pod pairs
 * @param throughput  mean over repetitions of the step throughput (per stream in a policy sweep,
 *                    summed over pairs in a pod sweep), bit/s, with its 95% interval
 * @param changeBps   change of the mean against the series' first point (lowest policy or pod count), bit/s
 * @param changePct   the same change in % of the first point
 * @param expectedBps pod sweep: the single-pair throughput of the series, bit/s; NaN otherwise or without a 1-pair point
 * @param fairness    pod sweep: Jain's index across pairs, mean over repetitions; NaN without per-stream data
 */
public record SweepPoint(SweepSeries series, int policies, int pods, MeanInterval throughput,
                         double changeBps, double changePct, double expectedBps, double fairness) {

    /** The swept value: policies or pods. */
    public int x() {
        return series.kind() == SweepKind.POD ? pods : policies;
    }

    public double meanBps() {
        return throughput.mean();
    }

    /** Throughput minus the expected single-pair throughput, bit/s (NaN without one). */
    public double degradationBps() {
        return throughput.mean() - expectedBps;
    }

    /** {@link #degradationBps()} in % of the expected throughput. */
    public double degradationPct() {
        return 100 * degradationBps() / expectedBps;
    }
}
