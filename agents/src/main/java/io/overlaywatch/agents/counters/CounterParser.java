package io.overlaywatch.agents.counters;

/**
 * Turns the whole text of one source (a {@code /proc} file, a metrics page) into readings. Implementations are
 * pure, thread-safe and never throw for bad input: what they cannot read becomes a problem in the result.
 */
@FunctionalInterface
public interface CounterParser {

    /** Parses one complete text; {@code null} counts as a problem, not an exception. */
    Parsed parse(String text);
}
