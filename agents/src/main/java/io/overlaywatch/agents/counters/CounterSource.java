package io.overlaywatch.agents.counters;

import java.util.Objects;

/**
 * One thing a collector reads every period.
 *
 * @param name     the counters' {@code source}: {@code netdev}, {@code snmp}, {@code netstat}, {@code felix},
 *                 {@code cilium}, ...
 * @param location where the text comes from, for messages: a path, a command, an address
 * @param reader   returns the current text
 * @param parser   turns the text into readings
 */
public record CounterSource(String name, String location, TextSource reader, CounterParser parser) {

    public CounterSource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a counter source needs a name");
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reader, "reader of source " + name);
        Objects.requireNonNull(parser, "parser of source " + name);
    }

    /** A source whose location is what its reader prints (a path, a command, an address). */
    public CounterSource(String name, TextSource reader, CounterParser parser) {
        this(name, String.valueOf(reader), reader, parser);
    }
}
