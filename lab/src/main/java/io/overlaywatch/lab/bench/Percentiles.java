package io.overlaywatch.lab.bench;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.Collection;

/**
 * Median and 99th percentile of a set of measurements, by nearest rank (a value that was measured, never one
 * interpolated between two).
 *
 * @param count how many values
 * @param p50   median
 * @param p99   99th percentile
 * @param max   largest value
 */
public record Percentiles(int count, double p50, double p99, double max) {

    /** The percentiles of the values; there must be at least one. */
    public static Percentiles of(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to take percentiles of");
        }
        double[] data = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        Percentile nearestRank = new Percentile().withEstimationType(Percentile.EstimationType.R_1);
        return new Percentiles(data.length, nearestRank.evaluate(data, 50), nearestRank.evaluate(data, 99),
                data[data.length - 1]);
    }
}
