package io.overlaywatch.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Field checks shared by the records' validation; each appends a reason that names the field. */
final class Checks {

    /**
     * How far a record's time may run ahead of the reader's clock. Wider than any skew between
     * NTP-synchronised hosts; a record further ahead would drag event time forward and make every
     * honest record after it late.
     */
    static final long MAX_CLOCK_AHEAD_MILLIS = 10 * 60_000L;

    /**
     * Longest text a field may hold: far beyond any Kubernetes name (253) or one-line reason, far below what
     * would bloat state, tags and dead letters.
     */
    static final int MAX_TEXT_CHARS = 4096;

    private Checks() {
    }

    /** The checks every record about a step starts with: version, time and the step itself. */
    static List<String> stepRecord(int v, long time, StepKey step) {
        List<String> problems = new ArrayList<>();
        version(problems, v);
        time(problems, time);
        notAhead(problems, time);
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
        } else {
            notTooLong(problems, field, value);
        }
    }

    /**
     * A name that ends up as an InfluxDB tag or a Kafka key: text that InfluxDB line protocol can carry, so that
     * one hostile name cannot make a whole batch of points unwritable.
     */
    static void name(List<String> problems, String field, String value) {
        text(problems, field, value);
        tagSafe(problems, field, value);
    }

    /** No control characters (a tag cannot hold a line break) and no trailing backslash (it would escape the separator). */
    static void tagSafe(List<String> problems, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.endsWith("\\")) {
            problems.add(field + " ends with a backslash, which InfluxDB line protocol cannot store");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                problems.add(field + " holds a control character (U+" + String.format("%04X", (int) c) + ") at " + i);
                return;
            }
        }
    }

    static void notTooLong(List<String> problems, String field, String value) {
        if (value != null && value.length() > MAX_TEXT_CHARS) {
            problems.add(field + " is too long: " + value.length() + " characters, at most " + MAX_TEXT_CHARS);
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

    /**
     * For what agents and the driver measure, not for what the job derives (alerts carry the event time of the
     * data they judge, which a replay or a test may set anywhere).
     */
    static void notAhead(List<String> problems, long time) {
        if (time > System.currentTimeMillis() + MAX_CLOCK_AHEAD_MILLIS) {
            problems.add("time " + Instant.ofEpochMilli(time) + " is in the future (more than "
                    + MAX_CLOCK_AHEAD_MILLIS / 60_000 + " min ahead of this reader's clock)");
        }
    }
}
