package io.overlaywatch.lab.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the lab enforces N NetworkPolicies on node B, standing in for a CNI's datapath. */
public enum PolicyProfile {
    NONE("none", Encapsulation.NONE,
            "none: no policy rules, the baseline"),
    LINEAR("linear", Encapsulation.IPIP,
            "linear: one iptables rule per policy in a per-pod chain walked by EVERY packet (worst case; Calico's real chain accepts established flows first, see linear-ct)"),
    LINEAR_CT("linear-ct", Encapsulation.IPIP,
            "linear-ct: conntrack ESTABLISHED,RELATED accept first, then one iptables rule per policy (the faithful Calico/felix chain shape: only a flow's first packets walk the chain)"),
    HASHED("hashed", Encapsulation.VXLAN,
            "hashed: one nftables rule matching a set of every policy's port (Cilium-like hash lookup: constant cost per packet)");

    private final String wireName;
    private final Encapsulation defaultEncapsulation;
    private final String description;

    PolicyProfile(String wireName, Encapsulation defaultEncapsulation, String description) {
        this.wireName = wireName;
        this.defaultEncapsulation = defaultEncapsulation;
        this.description = description;
    }

    /** The name used on the command line, in tags and in samples (the sample's {@code cni}). */
    public String wireName() {
        return wireName;
    }

    /** The encapsulation of the CNI this profile stands for: IP-in-IP for Calico's, VXLAN for Cilium's. */
    public Encapsulation defaultEncapsulation() {
        return defaultEncapsulation;
    }

    /** One line to print before a sweep uses this profile. */
    public String description() {
        return description;
    }

    /** True when the profile loads iptables rules (as opposed to an nftables set, or nothing). */
    public boolean usesIptables() {
        return this == LINEAR || this == LINEAR_CT;
    }

    /** True when the profile loads an nftables table with a set. */
    public boolean usesNftables() {
        return this == HASHED;
    }

    public static PolicyProfile fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (PolicyProfile p : values()) {
            if (p.wireName.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy profile '" + name + "', expected one of "
                + Arrays.stream(values()).map(PolicyProfile::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
