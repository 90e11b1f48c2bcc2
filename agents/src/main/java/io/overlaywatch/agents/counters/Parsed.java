package io.overlaywatch.agents.counters;

import java.util.List;

/**
 * What a parser made of one text: the readings of every line it understood, and one problem per line it did
 * not, each naming the line number.
 */
public record Parsed(List<Reading> readings, List<String> problems) {

    public Parsed {
        readings = List.copyOf(readings);
        problems = List.copyOf(problems);
    }

    /** True when the text gave neither a reading nor a problem, e.g. an empty scrape. */
    public boolean isEmpty() {
        return readings.isEmpty() && problems.isEmpty();
    }
}
