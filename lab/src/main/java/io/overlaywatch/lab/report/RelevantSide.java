package io.overlaywatch.lab.report;

import java.util.Locale;

/** Which side of a step counts: the sender for TCP, the receiver for UDP, since UDP senders send regardless of loss. */
public final class RelevantSide {

    public static final String SENDER = "sender";
    public static final String RECEIVER = "receiver";

    private RelevantSide() {
    }

    /** The side whose samples say what the network delivered for {@code protocol}. */
    public static String of(String protocol) {
        return "udp".equals(protocol.toLowerCase(Locale.ROOT)) ? RECEIVER : SENDER;
    }

    public static boolean matches(String protocol, String side) {
        return of(protocol).equals(side);
    }
}
