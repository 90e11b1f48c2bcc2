package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport protocol of an iperf3 test. */
public enum Protocol {
    @JsonProperty("tcp") TCP,
    @JsonProperty("udp") UDP;

    /** Computed once: keys and tags ask for it with every sample. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name used on the wire, in tags and on the command line. */
    public String wireName() {
        return wireName;
    }
}
