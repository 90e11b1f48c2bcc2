package io.overlaywatch.lab.net;

import java.util.List;

/** The lab cannot run here: the message names everything missing at once. */
public class LabPreflightException extends IllegalStateException {

    private final List<String> problems;

    public LabPreflightException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
