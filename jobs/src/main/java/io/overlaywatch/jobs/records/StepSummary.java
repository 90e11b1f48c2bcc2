package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Statistics of one step as seen from one side, warm-up intervals left out. Quantiles are exact up to the
 * aggregator's exact limit of samples and estimated by a t-digest beyond it ({@code exactQuantiles} says which).
 *
 * @param step                the step
 * @param side                whose samples: the sender's for TCP, the receiver's for what UDP delivered
 * @param time                time of the step's last sample, epoch ms (the point's timestamp)
 * @param firstTime           time of the step's first sample, epoch ms
 * @param streams             distinct streams seen
 * @param samples             per-stream samples counted (iperf3's [SUM], omitted and warm-up intervals excluded)
 * @param meanBps             mean per-stream throughput
 * @param minBps              lowest per-stream throughput
 * @param maxBps              highest per-stream throughput
 * @param stddevBps           sample standard deviation of per-stream throughput (0 with one sample)
 * @param medianBps           median per-stream throughput
 * @param p5Bps               5th percentile of per-stream throughput
 * @param p95Bps              95th percentile of per-stream throughput
 * @param ci95Bps             half-width of the 95% confidence interval of the mean (Student t; 0 with one sample)
 * @param intervals           intervals in which every stream of the step reported
 * @param cumulativeMeanBps   mean over those intervals of the throughput summed over the step's streams
 * @param cumulativeMedianBps median of the cumulative throughput over those intervals
 * @param cumulativeP5Bps     5th percentile of the cumulative throughput
 * @param cumulativeP95Bps    95th percentile of the cumulative throughput
 * @param cumulativeStddevBps sample standard deviation of the cumulative throughput (0 with one interval)
 * @param cumulativeCi95Bps   half-width of the 95% confidence interval of the cumulative mean (0 with one interval)
 * @param retransmits         TCP retransmits summed over the step, null when no sample reported any (UDP, receiver)
 * @param lossPercent         UDP datagrams lost in % of those expected, null when no sample reported loss
 * @param jitterMs            mean UDP jitter in ms, null when no sample reported jitter
 * @param pairFairness        Jain's fairness index of the bytes each client pod moved in the step (1 when all
 *                            pairs got the same share, 1/n when one got all); NaN with fewer than two pairs
 * @param exactQuantiles      whether every quantile above is exact rather than estimated by the t-digest
 * @param closedByMarker      whether the sweep driver's end marker closed the step (else the inactivity gap)
 */
public record StepSummary(StepKey step, Side side, long time, long firstTime, int streams, long samples,
                          double meanBps, double minBps, double maxBps, double stddevBps,
                          double medianBps, double p5Bps, double p95Bps, double ci95Bps,
                          int intervals, double cumulativeMeanBps,
                          double cumulativeMedianBps, double cumulativeP5Bps, double cumulativeP95Bps,
                          double cumulativeStddevBps, double cumulativeCi95Bps,
                          Long retransmits, Double lossPercent, Double jitterMs, double pairFairness,
                          boolean exactQuantiles, boolean closedByMarker) {

    /**
     * A summary of the moments only, as before quantiles were computed: quantiles, confidence intervals and
     * the cumulative stddev unknown (NaN, left out of the InfluxDB point), no transport figures.
     */
    public StepSummary(StepKey step, Side side, long time, long firstTime, int streams, long samples,
                       double meanBps, double minBps, double maxBps, double stddevBps,
                       int intervals, double cumulativeMeanBps, boolean closedByMarker) {
        this(step, side, time, firstTime, streams, samples, meanBps, minBps, maxBps, stddevBps,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, intervals, cumulativeMeanBps,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null, null, Double.NaN, false,
                closedByMarker);
    }
}
