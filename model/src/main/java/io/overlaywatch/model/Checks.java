package io.overlaywatch.model;

import java.util.List;

/** Field checks shared by the records' validation; each appends a reason that names the field. */
final class Checks {

    private Checks() {
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
