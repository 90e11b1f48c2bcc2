package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;

/** The policy rules in force on node B: {@code rules} counts every rule loaded (jumps and drops too), {@code setElements} the ports in sets. */
public record AppliedPolicies(PolicyProfile profile, int policies, Protocol protocol, int trafficPort, int pods,
                              int rules, int setElements, long loadMillis) {

    /** Nothing loaded: a fresh topology, or profile {@code none}. */
    public static AppliedPolicies none(Protocol protocol, int trafficPort, int pods) {
        return new AppliedPolicies(PolicyProfile.NONE, 0, protocol, trafficPort, pods, 0, 0, 0);
    }
}
