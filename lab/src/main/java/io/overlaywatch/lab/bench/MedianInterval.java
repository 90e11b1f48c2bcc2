package io.overlaywatch.lab.bench;

import java.util.Arrays;

/**
 * The median of some measurements and a distribution-free confidence interval for it: the order statistics
 * {@code low} and {@code high} of rank k and n - k + 1, the narrowest pair that holds the true median with at
 * least 95% probability (from the binomial distribution with p = 1/2), or the smallest and the largest value
 * when no pair reaches 95% (fewer than 6 values).
 *
 * @param median   the sample median
 * @param low      the interval's lower end
 * @param high     its upper end
 * @param coverage the probability that the interval holds the true median
 */
public record MedianInterval(double median, double low, double high, double coverage) {

    private static final double CONFIDENCE = 0.95;

    static MedianInterval of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        // Widen from the middle outwards until [x(k), x(n-k+1)] covers the median with CONFIDENCE.
        int k = 1;
        while (k < n / 2 && coverage(n, k + 1) >= CONFIDENCE) {
            k++;
        }
        return new MedianInterval(median, sorted[k - 1], sorted[n - k], coverage(n, k));
    }

    /** P(x(k) <= median <= x(n-k+1)) = 1 - 2 P(Bin(n, 1/2) <= k - 1). */
    private static double coverage(int n, int k) {
        double tail = 0;
        double choose = 1; // C(n, 0)
        for (int i = 0; i < k; i++) {
            tail += choose;
            choose = choose * (n - i) / (i + 1);
        }
        return 1 - 2 * tail / Math.pow(2, n);
    }
}
