package io.overlaywatch.lab.net;

import java.util.Objects;

/** What lab topology to build: run prefix, pod pairs, encapsulation, whether pod MTUs are lowered, and the IP-in-IP fallback. */
public record TopologySpec(String prefix, int pairs, Encapsulation encapsulation, boolean lowerMtu, IpipFallback ipipFallback) {

    /** Pod addresses are hosts .2 to .251 of a node's /24 pod CIDR. */
    public static final int MAX_PAIRS = 250;

    public TopologySpec {
        LabNames.requireValidPrefix(prefix);
        Objects.requireNonNull(encapsulation, "encapsulation");
        Objects.requireNonNull(ipipFallback, "ipipFallback");
        if (pairs < 1 || pairs > MAX_PAIRS) {
            throw new IllegalArgumentException("pairs must be 1.." + MAX_PAIRS + ", got " + pairs);
        }
        // The longest interface name is the node side of the last pod's veth: prefix + "c" + index.
        int longest = prefix.length() + 1 + String.valueOf(pairs - 1).length();
        if (longest > LabNames.MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("lab prefix '" + prefix + "' is too long: interface names would have "
                    + longest + " characters, Linux allows " + LabNames.MAX_INTERFACE_NAME);
        }
    }

    /** {@code pairs} pod pairs with a fresh prefix, MTUs lowered as a CNI does, and IP-in-IP falling back to no encapsulation. */
    public static TopologySpec of(int pairs, Encapsulation encapsulation) {
        return new TopologySpec(LabNames.randomPrefix(), pairs, encapsulation, true, IpipFallback.NONE);
    }

    public TopologySpec withPairs(int newPairs) {
        return new TopologySpec(prefix, newPairs, encapsulation, lowerMtu, ipipFallback);
    }

    public TopologySpec withLowerMtu(boolean lower) {
        return new TopologySpec(prefix, pairs, encapsulation, lower, ipipFallback);
    }

    public TopologySpec withIpipFallback(IpipFallback fallback) {
        return new TopologySpec(prefix, pairs, encapsulation, lowerMtu, fallback);
    }
}
