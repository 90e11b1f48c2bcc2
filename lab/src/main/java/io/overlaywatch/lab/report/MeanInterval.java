package io.overlaywatch.lab.report;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The mean of repeated measurements and the half-width of its 95% Student-t confidence interval
 * (NaN with fewer than two values: one run says nothing about its spread).
 */
public record MeanInterval(int n, double mean, double halfWidth) {

    public static final double CONFIDENCE = 0.95;

    public static MeanInterval of(double... values) {
        SummaryStatistics stats = new SummaryStatistics();
        for (double v : values) {
            stats.addValue(v);
        }
        int n = (int) stats.getN();
        if (n < 2) {
            return new MeanInterval(n, n == 0 ? Double.NaN : stats.getMean(), Double.NaN);
        }
        // Few repetitions: the t distribution, not the normal, gives the interval its honest width.
        double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return new MeanInterval(n, stats.getMean(), t * stats.getStandardDeviation() / Math.sqrt(n));
    }

    public boolean hasInterval() {
        return !Double.isNaN(halfWidth);
    }

    /** Lower bound, or the mean when there is no interval. */
    public double low() {
        return hasInterval() ? mean - halfWidth : mean;
    }

    /** Upper bound, or the mean when there is no interval. */
    public double high() {
        return hasInterval() ? mean + halfWidth : mean;
    }

    /** Whether the two 95% intervals overlap: then a difference of means is no clear change. */
    public boolean overlaps(MeanInterval other) {
        return hasInterval() && other.hasInterval() && low() <= other.high() && other.low() <= high();
    }
}
