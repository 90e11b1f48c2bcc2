package io.overlaywatch.lab.report;

import java.util.List;

/** InfluxDB answered, but holds nothing of the run asked for. */
public final class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String run, List<String> known) {
        super("run '" + run + "' not found: no step summaries, live intervals or alerts carry it"
                + (known.isEmpty() ? " (the database holds no run at all)"
                : "; runs there: " + String.join(", ", known)));
    }
}
