package io.overlaywatch.jobs.functions;

import java.time.Duration;
import java.util.Locale;

/** Numbers as alert reasons print them: throughput with its unit, durations as a person says them. */
final class LinkFormat {

    private LinkFormat() {
    }

    static String bps(double bps) {
        if (bps >= 1e9) {
            return String.format(Locale.ROOT, "%.2f Gbit/s", bps / 1e9);
        } else if (bps >= 1e6) {
            return String.format(Locale.ROOT, "%.1f Mbit/s", bps / 1e6);
        } else if (bps >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kbit/s", bps / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f bit/s", bps);
    }

    static String pct(double pct) {
        return String.format(Locale.ROOT, "%+.1f%%", pct);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis % 3_600_000 == 0) {
            return d.toHours() + " h";
        } else if (millis % 60_000 == 0) {
            return d.toMinutes() + " min";
        } else if (millis % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return millis + " ms";
    }

    /** {@code windows} windows of {@code length}: "2 windows of 1 min". */
    static String windows(int windows, long length) {
        return windows + (windows == 1 ? " window of " : " windows of ") + duration(length);
    }
}
