package io.overlaywatch.jobs.records;

/**
 * Throughput against policy count, fitted by ordinary least squares over every step of a policy sweep.
 * Slopes are in bit/s per 1,000 policies; undetermined fits carry NaN.
 *
 * @param observations      steps fitted
 * @param counts            distinct policy counts among them
 * @param slopeBps          fitted change of throughput per 1,000 policies, bit/s
 * @param slopeLowBps       lower end of the slope's 95% confidence interval
 * @param slopeHighBps      upper end of the slope's 95% confidence interval
 * @param rSquared          share of the throughput's variance the line explains
 * @param interceptBps      fitted throughput at 0 policies
 * @param fittedDropPct     fall of the fitted line from the lowest to the highest policy count, in % of its value
 *                          at the lowest (above 100 when the line crosses zero)
 * @param leastDropPct      the same fall at the upper end of the slope's interval: the least the steps allow
 * @param datapath          the classification
 */
public record CostModel(int observations, int counts, double slopeBps, double slopeLowBps, double slopeHighBps,
                        double rSquared, double interceptBps, double fittedDropPct, double leastDropPct,
                        Datapath datapath) {

    /** How a datapath's cost grows with the policies in force. */
    public enum Datapath {
        /** Throughput falls materially, beyond doubt, as policies grow: as through a chain checked rule by rule. */
        LINEAR_COST("linear-cost"),
        /** No material, significant fall: a lookup whose cost does not depend on the policy count. */
        CONSTANT_COST("constant-cost"),
        /** Too few steps or policy counts to fit a line with an interval. */
        UNDETERMINED("undetermined");

        private final String label;

        Datapath(String label) {
            this.label = label;
        }

        /** The name in InfluxDB and in reasons. */
        public String label() {
            return label;
        }
    }
}
