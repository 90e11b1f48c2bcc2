package io.overlaywatch.jobs.functions;

import java.util.Random;

/**
 * Throughput the lab measured (DESIGN.md, "Facts measured"), TCP through two namespaces, Gbit/s: a linear
 * iptables chain falls from ~27 at 1 policy to ~2 at 10,000; a hash set stays flat at ~20 with wide noise.
 */
final class LabNumbers {

    /** The lab's policy sweep counts. */
    static final int[] POLICY_COUNTS = {1, 10, 100, 1000, 5000, 10000};

    private LabNumbers() {
    }

    /** The linear chain's mean at a count: measured at 1,000, 5,000 and 10,000; one rule per packet cost below. */
    static double linearBps(int policies) {
        return switch (policies) {
            case 1 -> 27.0e9;
            case 10 -> 26.6e9;
            case 100 -> 23.8e9;
            case 1000 -> 9.3e9;
            case 5000 -> 2.9e9;
            case 10000 -> 1.9e9;
            default -> throw new IllegalArgumentException("no lab number for " + policies);
        };
    }

    static double hashedBps(int policies) {
        return 20e9;
    }

    /** A measured value: the mean times (1 + relative noise drawn from a normal distribution). */
    static double noisy(Random random, double meanBps, double relativeSd) {
        return Math.max(0.01e9, meanBps * (1 + relativeSd * random.nextGaussian()));
    }
}
