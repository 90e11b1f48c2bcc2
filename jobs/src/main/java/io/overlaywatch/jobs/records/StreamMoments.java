package io.overlaywatch.jobs.records;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Running moments of a step's per-stream samples: count, sum, sum of squared deviations (Welford's method), min
 * and max of throughput (enough for mean, stddev and the confidence interval of the mean), and the TCP retransmits,
 * UDP loss and jitter the samples carried. One object, so that a sample costs one state read and one write.
 * Welford's update keeps the variance of values near 1e10 bit/s exact to many digits, where a sum of squares minus
 * the squared sum loses most of them and makes the result depend on the order the samples came in.
 */
public class StreamMoments {

    public long count;
    public double sum;
    /** Welford's running mean, only for {@link #squaredDeviations}: the mean itself is the plain sum's. */
    public double runningMean;
    public double squaredDeviations;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long firstTime = Long.MAX_VALUE;
    public long lastTime = Long.MIN_VALUE;

    /** TCP retransmits summed over the {@code retransmitSamples} samples that reported them (senders). */
    public long retransmits;
    public long retransmitSamples;
    /** UDP datagrams lost and expected, summed over the {@code lossSamples} samples that reported both (receivers). */
    public long lost;
    public long packets;
    public long lossSamples;
    /** UDP jitter in ms summed over the {@code jitterSamples} samples that reported it (receivers). */
    public double jitterSumMs;
    public long jitterSamples;

    public void add(double value, long time) {
        count++;
        sum += value;
        double delta = value - runningMean;
        runningMean += delta / count;
        squaredDeviations += delta * (value - runningMean);
        min = Math.min(min, value);
        max = Math.max(max, value);
        firstTime = Math.min(firstTime, time);
        lastTime = Math.max(lastTime, time);
    }

    /** Adds what a sample reports about the transport; null for what its protocol and side do not report. */
    public void addTransport(Long sampleRetransmits, Long sampleLost, Long samplePackets, Double jitterMs) {
        if (sampleRetransmits != null) {
            retransmits += sampleRetransmits;
            retransmitSamples++;
        }
        if (sampleLost != null && samplePackets != null) {
            lost += sampleLost;
            packets += samplePackets;
            lossSamples++;
        }
        if (jitterMs != null) {
            jitterSumMs += jitterMs;
            jitterSamples++;
        }
    }

    public double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /** Sample standard deviation; 0 for fewer than two values. */
    public double stddev() {
        if (count < 2) {
            return 0;
        }
        return Math.sqrt(Math.max(0, squaredDeviations / (count - 1)));
    }

    /** Half-width of the 95% confidence interval of the mean, see {@link #ci95HalfWidth(long, double)}. */
    public double ci95() {
        return ci95HalfWidth(count, stddev());
    }

    /** Retransmits summed over the samples, or null when none reported them (UDP, or a receiver). */
    public Long totalRetransmits() {
        return retransmitSamples == 0 ? null : retransmits;
    }

    /** Datagrams lost in % of those expected, or null when no sample reported loss or none was expected. */
    public Double lossPercent() {
        return lossSamples == 0 || packets == 0 ? null : 100.0 * lost / packets;
    }

    /** Mean jitter in ms, or null when no sample reported jitter. */
    public Double meanJitterMs() {
        return jitterSamples == 0 ? null : jitterSumMs / jitterSamples;
    }

    /**
     * Half-width of the 95% confidence interval of the mean of {@code n} values with sample standard
     * deviation {@code stddev}: Student's t with n - 1 degrees of freedom times the standard error; 0 for n < 2.
     */
    public static double ci95HalfWidth(long n, double stddev) {
        if (n < 2) {
            return 0;
        }
        // No random generator: only the quantile function is used, and seeding one per step would cost more.
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return t * stddev / Math.sqrt(n);
    }
}
