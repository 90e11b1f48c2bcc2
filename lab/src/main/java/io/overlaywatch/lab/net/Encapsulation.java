package io.overlaywatch.lab.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How pod traffic crosses between the two lab nodes: plain routes, an IP-in-IP tunnel (Calico) or VXLAN (Cilium). */
public enum Encapsulation {
    NONE("none", 0),
    IPIP("ipip", 20),
    VXLAN("vxlan", 50);

    private final String wireName;
    private final int overheadBytes;

    Encapsulation(String wireName, int overheadBytes) {
        this.wireName = wireName;
        this.overheadBytes = overheadBytes;
    }

    /** The name used on the command line, in tags and in samples. */
    public String wireName() {
        return wireName;
    }

    /** Header bytes the encapsulation adds to every packet: what a CNI takes off the pod MTU. */
    public int overheadBytes() {
        return overheadBytes;
    }

    /** The encapsulation with this wire name; the message lists the valid ones. */
    public static Encapsulation fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Encapsulation e : values()) {
            if (e.wireName.equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encapsulation '" + name + "', expected one of "
                + Arrays.stream(values()).map(Encapsulation::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
