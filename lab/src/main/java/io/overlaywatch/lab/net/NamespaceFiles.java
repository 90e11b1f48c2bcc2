package io.overlaywatch.lab.net;

import java.time.Duration;
import java.util.List;

/** Reads files as a process inside a namespace sees them ({@code /proc/net/dev}, {@code /proc/net/snmp}, {@code /sys/class/net}). */
public final class NamespaceFiles {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private NamespaceFiles() {
    }

    /** The content of {@code path} read inside namespace {@code ns}, through {@code ip netns exec NS cat PATH}. */
    public static String read(String ns, String path) {
        // ip netns exec switches the network namespace and remounts /sys, so /proc/net and /sys/class/net are the namespace's.
        return Commands.run(Commands.inNamespace(ns, List.of("cat", path)), null, READ_TIMEOUT).stdout();
    }
}
