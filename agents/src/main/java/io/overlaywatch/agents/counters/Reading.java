package io.overlaywatch.agents.counters;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One value a parser found, before the collector stamps it with run, node, source and time.
 *
 * @param name   counter name within its source, e.g. {@code rx_bytes}, {@code Tcp_RetransSegs}
 * @param labels further dimensions, e.g. {@code interface}; empty when none
 * @param value  the value as printed; may be NaN or negative, which the collector skips with a reason
 * @param time   the time the source printed with the value (Prometheus sample timestamps), epoch
 *               milliseconds; empty when the reading time is the collector's
 */
public record Reading(String name, Map<String, String> labels, double value, OptionalLong time) {

    public Reading {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(time, "time");
    }

    /** A reading without labels or time of its own. */
    public static Reading of(String name, double value) {
        return new Reading(name, Map.of(), value, OptionalLong.empty());
    }

    /** A reading with labels and no time of its own. */
    public static Reading of(String name, Map<String, String> labels, double value) {
        return new Reading(name, labels, value, OptionalLong.empty());
    }
}
