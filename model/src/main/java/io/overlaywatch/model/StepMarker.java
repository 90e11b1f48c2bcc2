package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The sweep driver's mark of a step's start or end; an end lets the job close the step at once.
 *
 * @param v               schema version
 * @param time            when the phase began, epoch milliseconds
 * @param step            the step
 * @param phase           start or end
 * @param durationSeconds planned (start) or actual (end) duration of the step
 */
public record StepMarker(int v, long time, StepKey step, Phase phase, double durationSeconds)
        implements WireRecord {

    /** Start or end of a step. */
    public enum Phase {
        @JsonProperty("start") START,
        @JsonProperty("end") END;

        private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

        /** The name used on the wire. */
        public String wireName() {
            return wireName;
        }
    }

    @Override
    public List<String> problems() {
        List<String> problems = Checks.stepRecord(v, time, step);
        Checks.present(problems, "phase", phase);
        Checks.nonNegative(problems, "durationSeconds", durationSeconds);
        return problems;
    }
}
