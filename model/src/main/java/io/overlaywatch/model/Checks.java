package io.overlaywatch.model;

import java.util.ArrayList;
import java.util.List;

/** Field checks shared by the records' validation; each appends a reason that names the field. */
final class Checks {

    private Checks() {
    }

    /** The checks every record about a step starts with: version, time and the step itself. */
    static List<String> stepRecord(int v, long time, StepKey step) {
        List<String> problems = new ArrayList<>();
        version(problems, v);
        time(problems, time);
        if (step == null) {
            problems.add("step is missing");
        } else {
            problems.addAll(step.problems());
        }
        return problems;
    }

    static void text(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing or blank");
        }
    }

    static void present(List<String> problems, String field, Object value) {
        if (value == null) {
            problems.add(field + " is missing");
        }
    }

    static void nonNegative(List<String> problems, String field, Number value) {
        if (value == null) {
            return;
        }
        double d = value.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            problems.add(field + " must be a finite number, was " + value);
        } else if (d < 0) {
            problems.add(field + " must not be negative, was " + value);
        }
    }

    static void finite(List<String> problems, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            problems.add(field + " must be a finite number, was " + value);
        }
    }

    static void version(List<String> problems, int v) {
        if (v != WireRecord.VERSION) {
            problems.add("unknown schema version v=" + v + " (this reader knows v=" + WireRecord.VERSION + ")");
        }
    }

    static void time(List<String> problems, long time) {
        if (time <= 0) {
            problems.add("time must be a positive epoch millisecond, was " + time);
        }
    }
}
