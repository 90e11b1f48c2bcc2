package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which experiment a measurement belongs to. */
public enum Scenario {
    /** Throughput as NetworkPolicies grow. */
    @JsonProperty("policy") POLICY,
    /** Cumulative throughput as concurrent pod pairs grow. */
    @JsonProperty("pod") POD,
    /** Continuous probing of a live cluster. */
    @JsonProperty("live") LIVE,
    /** The one-machine demonstration on loopback. */
    @JsonProperty("demo") DEMO;

    /** Computed once: keys and tags ask for it with every sample. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name used on the wire, in tags and on the command line. */
    public String wireName() {
        return wireName;
    }
}
