package io.overlaywatch.agents.counters;

import java.math.BigInteger;

/** Integer values as the kernel prints them in {@code /proc/net}: decimal, unsigned 64-bit counters or signed gauges. */
final class ProcValues {

    private ProcValues() {
    }

    /** The value of a decimal integer token, or NaN when the token is not one. */
    static double parse(String token) {
        int start = token.startsWith("-") ? 1 : 0;
        if (token.length() == start) {
            return Double.NaN;
        }
        for (int i = start; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return Double.NaN;
            }
        }
        // BigInteger, not Long: counters are unsigned 64-bit and may pass Long.MAX_VALUE.
        return token.length() < 19 ? Long.parseLong(token) : new BigInteger(token).doubleValue();
    }

    /** The problem text for a line, with its number, 1-based. */
    static String problem(int line, String message) {
        return "line " + line + ": " + message;
    }
}
