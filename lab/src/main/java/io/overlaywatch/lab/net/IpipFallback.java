package io.overlaywatch.lab.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the lab does when IP-in-IP is asked for but the kernel has none: stop, or use another encapsulation. */
public enum IpipFallback {
    STOP("stop", null),
    NONE("none", Encapsulation.NONE),
    VXLAN("vxlan", Encapsulation.VXLAN);

    private final String wireName;
    private final Encapsulation replacement;

    IpipFallback(String wireName, Encapsulation replacement) {
        this.wireName = wireName;
        this.replacement = replacement;
    }

    public String wireName() {
        return wireName;
    }

    /** The encapsulation used instead of IP-in-IP; null for {@link #STOP}. */
    public Encapsulation replacement() {
        return replacement;
    }

    /** The fallback to {@code replacement}, or {@link #STOP} for null. */
    public static IpipFallback of(Encapsulation replacement) {
        if (replacement == null) {
            return STOP;
        }
        return switch (replacement) {
            case NONE -> NONE;
            case VXLAN -> VXLAN;
            case IPIP -> throw new IllegalArgumentException("IP-in-IP cannot stand in for itself");
        };
    }

    public static IpipFallback fromWireName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (IpipFallback f : values()) {
            if (f.wireName.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown IP-in-IP fallback '" + name + "', expected one of "
                + Arrays.stream(values()).map(IpipFallback::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
