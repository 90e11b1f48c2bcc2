package io.overlaywatch.jobs.records;

import java.util.Locale;

/**
 * How much one counter moved during a step.
 *
 * @param node           node (or lab namespace) it was read on
 * @param source         what it was read from: netdev, snmp, rules, felix, ...
 * @param name           counter name within the source, e.g. {@code Udp_InErrors}
 * @param labels         its labels as {@code k=v,k=v} sorted by key; empty when none
 * @param before         the reading before the step
 * @param after          the reading after the step
 * @param delta          {@code after - before}
 * @param relativeChange {@code delta / max(|before|, 1)}: what ranks the deltas of a step
 */
public record CounterDelta(String node, String source, String name, String labels, double before, double after,
                           double delta, double relativeChange) {

    /** The counter's name with its labels, e.g. {@code rx_dropped{interface=veth0}}. */
    public String counter() {
        return labels.isEmpty() ? name : name + "{" + labels + "}";
    }

    /** For alert reasons: "+3,100 Udp_InErrors (node-b)". */
    public String describe() {
        String sign = delta < 0 ? "-" : "+";
        double magnitude = Math.abs(delta);
        String amount = magnitude == Math.rint(magnitude) && magnitude < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) magnitude)
                : String.format(Locale.ROOT, "%,.2f", magnitude);
        return sign + amount + " " + counter() + " (" + node + ")";
    }
}
