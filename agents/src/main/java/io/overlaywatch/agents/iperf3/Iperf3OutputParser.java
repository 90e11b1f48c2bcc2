package io.overlaywatch.agents.iperf3;

import java.util.List;

/** Parses iperf3 output line by line as it is printed; never throws on bad input. */
public interface Iperf3OutputParser {

    /** Feeds one line (without its line terminator); returns the events it completes, often none. */
    List<Iperf3Event> feed(String line);

    /** Signals the end of the output; returns what is left, e.g. a failure when a test was cut short. */
    List<Iperf3Event> finish();
}
