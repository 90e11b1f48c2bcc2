package io.overlaywatch.jobs.functions;

import java.util.Locale;

/** Numbers as alert reasons print them: "1.2 Gbit/s", "10,000", "-20.1%", "+3,100". */
final class Prose {

    private Prose() {
    }

    /** Bit/s as Gbit/s: one decimal from 1 Gbit/s, two below, three below 0.1. */
    static String gbps(double bps) {
        double g = bps / 1e9;
        double magnitude = Math.abs(g);
        String format = magnitude >= 1 ? "%.1f" : magnitude >= 0.1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, format, g);
    }

    /** Bit/s as signed Gbit/s: "-1.2", "+0.40". */
    static String signedGbps(double bps) {
        return (bps < 0 ? "-" : "+") + gbps(Math.abs(bps));
    }

    /** A count with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A signed amount with thousands separators, no decimals when whole: "+3,100", "-0.5". */
    static String signedAmount(double value) {
        String sign = value < 0 ? "-" : "+";
        double magnitude = Math.abs(value);
        if (magnitude == Math.rint(magnitude) && magnitude < 1e15) {
            return sign + String.format(Locale.ROOT, "%,d", (long) magnitude);
        }
        return sign + String.format(Locale.ROOT, "%,.2f", magnitude);
    }

    /** A signed percentage with one decimal: "-20.1%". */
    static String percent(double pct) {
        return String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    /** A p-value: fixed for readable ones, scientific for tiny ones. */
    static String pValue(double p) {
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    /** "1 policy", "10,000 policies", "1 pod", "40 pods". */
    static String counted(long n, String singular, String plural) {
        return count(n) + " " + (n == 1 ? singular : plural);
    }
}
