package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which end of an iperf3 stream reported a sample: UDP throughput is what the receiver got. */
public enum Side {
    @JsonProperty("sender") SENDER,
    @JsonProperty("receiver") RECEIVER;

    /** Computed once: keys and tags ask for it with every sample. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name used on the wire and in tags. */
    public String wireName() {
        return wireName;
    }
}
