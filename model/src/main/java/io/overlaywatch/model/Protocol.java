package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport protocol of an iperf3 test. */
public enum Protocol {
    @JsonProperty("tcp") TCP,
    @JsonProperty("udp") UDP;

    /** The name used on the wire, in tags and on the command line. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
