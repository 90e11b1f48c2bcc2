package io.overlaywatch.lab.report;

import org.apache.commons.math3.stat.StatUtils;

/** Jain's fairness index (Σx)² / (n·Σx²): 1 when every pair gets the same, 1/n when one pair gets everything. */
public final class JainIndex {

    private JainIndex() {
    }

    /** The index of the pairs' throughputs; NaN with no pairs or when none got anything. */
    public static double of(double... throughputs) {
        double sumOfSquares = StatUtils.sumSq(throughputs);
        if (throughputs.length == 0 || sumOfSquares == 0) {
            return Double.NaN;
        }
        double sum = StatUtils.sum(throughputs);
        return sum * sum / (throughputs.length * sumOfSquares);
    }
}
