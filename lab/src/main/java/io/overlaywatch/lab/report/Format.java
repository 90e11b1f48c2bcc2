package io.overlaywatch.lab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats shared by the table and the summary: Gbit/s, percentages and counts, locale-independent. */
final class Format {

    private Format() {
    }

    /** "12.31": bit/s as Gbit/s; two decimals, since UDP runs at fractions of a Gbit/s. */
    static String gbps(double bps) {
        return String.format(Locale.ROOT, "%.2f", bps / 1e9);
    }

    /** "12.31 ± 0.84", or "12.31" without an interval. */
    static String gbps(MeanInterval m) {
        return m.hasInterval() ? gbps(m.mean()) + " ± " + gbps(m.halfWidth()) : gbps(m.mean());
    }

    /** "-48.2% (-1.20 Gbit/s)". */
    static String change(double pct, double bps) {
        return String.format(Locale.ROOT, "%+.1f%% (%+.2f Gbit/s)", pct, bps / 1e9);
    }

    /** A magnitude in Gbit/s for prose: "28.1", "1.2"; two significant digits below 1 so UDP's "0.047" stays readable. */
    static String prose(double bps) {
        double g = Math.abs(bps) / 1e9;
        return g >= 1 || g == 0 ? String.format(Locale.ROOT, "%.1f", g)
                : new BigDecimal(g).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** "91%", or "0.4%" below 1%. */
    static String percent(double pct) {
        double p = Math.abs(pct);
        return String.format(Locale.ROOT, p < 1 ? "%.1f%%" : "%.0f%%", p);
    }

    /** "10,000". */
    static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
