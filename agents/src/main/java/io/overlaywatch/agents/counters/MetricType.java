package io.overlaywatch.agents.counters;

/** The metric types of the Prometheus text format's {@code # TYPE} line; {@code UNTYPED} when there is none. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED
}
