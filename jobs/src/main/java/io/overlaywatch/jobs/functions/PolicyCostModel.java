package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CostModel.Datapath;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Fits throughput against policy count by ordinary least squares and classifies the datapath: linear-cost
 * when the slope's 95% interval lies below zero and even its upper end (the shallowest slope the steps allow)
 * makes the line fall by at least the effect threshold across the swept range; constant-cost otherwise.
 * Significance alone is not enough (with many steps a tiny slope is significant), and neither is the fitted
 * fall alone. Over 10,000 simulated sweeps of a flat datapath (the lab's counts, 3 repetitions, 15% noise per
 * step) the fitted line fell by 20% or more in 122, the interval's upper end in none; at 20% noise, 242 and 2.
 */
public class PolicyCostModel implements Serializable {

    private static final double PER = 1000;

    private final double minDropPct;

    /** @param minDropPct how far, in %, the line must at least fall across the range to call the cost linear */
    public PolicyCostModel(double minDropPct) {
        this.minDropPct = minDropPct;
    }

    /** Fits one observation per step: its policy count and throughput (bit/s). */
    public CostModel fit(double[] policies, double[] bps) {
        if (policies.length != bps.length) {
            throw new IllegalArgumentException(policies.length + " policy counts for " + bps.length + " throughputs");
        }
        int counts = (int) Arrays.stream(policies).distinct().count();
        // A line through two points has no interval: at least three steps over at least two counts.
        if (policies.length < 3 || counts < 2) {
            return new CostModel(policies.length, counts, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Datapath.UNDETERMINED);
        }
        SimpleRegression ols = new SimpleRegression();
        for (int i = 0; i < policies.length; i++) {
            ols.addData(policies[i], bps[i]);
        }
        double slope = ols.getSlope();
        double halfWidth = ols.getSlopeConfidenceInterval(0.05);
        double low = Arrays.stream(policies).min().orElseThrow();
        double high = Arrays.stream(policies).max().orElseThrow();
        double atLow = ols.predict(low);
        // A perfect fit has a zero-width interval that commons-math may report as NaN.
        double upper = Double.isNaN(halfWidth) ? slope : slope + halfWidth;
        double lower = Double.isNaN(halfWidth) ? slope : slope - halfWidth;
        double drop = atLow > 0 ? -100 * slope * (high - low) / atLow : Double.NaN;
        double leastDrop = atLow > 0 ? -100 * upper * (high - low) / atLow : Double.NaN;
        Datapath datapath = upper < 0 && leastDrop >= minDropPct ? Datapath.LINEAR_COST : Datapath.CONSTANT_COST;
        double r2 = ols.getRSquare();
        return new CostModel(policies.length, counts, slope * PER, lower * PER, upper * PER,
                Double.isNaN(r2) ? 0 : r2, ols.getIntercept(), drop, leastDrop, datapath);
    }
}
