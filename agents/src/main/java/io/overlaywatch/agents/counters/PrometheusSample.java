package io.overlaywatch.agents.counters;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One sample line of the Prometheus text format.
 *
 * @param family    the metric family it belongs to: its name, or for a histogram's or summary's
 *                  {@code _bucket}, {@code _sum} and {@code _count} lines the name without the suffix
 * @param name      the sample's own name as printed, e.g. {@code cilium_policy_implementation_delay_bucket}
 * @param labels    its labels in the printed order, values unescaped; {@code le} and {@code quantile} included
 * @param value     the value; NaN, +Inf and -Inf are legal
 * @param timestamp the optional timestamp, epoch milliseconds
 * @param type      the family's type from its {@code # TYPE} line
 */
public record PrometheusSample(String family, String name, Map<String, String> labels, double value,
                               OptionalLong timestamp, MetricType type) {

    public PrometheusSample {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
    }
}
