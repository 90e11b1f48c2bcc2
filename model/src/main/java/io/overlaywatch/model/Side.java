package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which end of an iperf3 stream reported a sample: UDP throughput is what the receiver got. */
public enum Side {
    @JsonProperty("sender") SENDER,
    @JsonProperty("receiver") RECEIVER;

    /** The name used on the wire and in tags. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
