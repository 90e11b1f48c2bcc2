package io.overlaywatch.jobs.functions;

import java.math.BigDecimal;

/**
 * One line of InfluxDB line protocol: {@code measurement,tag=value field=value time}. Written by hand instead of
 * with the client library's {@code Point}, which sorts tags and fields through TreeMaps and formats every double with
 * a DecimalFormat: that was the largest cost of the job's per-sample path. Tags go out in the order added (influxd
 * sorts them); all tags come before the first field.
 *
 * <p>Escaping as line protocol wants it: in measurements, tag keys, tag values and field keys a comma, a space and
 * (except in measurements) an equals sign get a backslash, newline, carriage return and tab become {@code \n},
 * {@code \r}, {@code \t}; in string field values a double quote and a backslash get a backslash. Like {@code Point},
 * it leaves out a tag without a value and a field that is null or not a finite number (line protocol has no NaN).
 */
public final class LineBuilder {

    private final StringBuilder line = new StringBuilder(256);
    private boolean hasFields;

    private LineBuilder(String measurement) {
        escape(measurement, false);
    }

    public static LineBuilder measurement(String measurement) {
        return new LineBuilder(measurement);
    }

    public LineBuilder tag(String key, String value) {
        if (hasFields) {
            throw new IllegalStateException("tag '" + key + "' after the first field");
        }
        if (value != null && !value.isEmpty()) {
            line.append(',');
            escape(key, true);
            line.append('=');
            escape(value, true);
        }
        return this;
    }

    public LineBuilder field(String key, double value) {
        if (Double.isFinite(value)) {
            fieldKey(key);
            appendDouble(value);
        }
        return this;
    }

    public LineBuilder field(String key, long value) {
        fieldKey(key);
        line.append(value).append('i');
        return this;
    }

    /** A nullable number: doubles and floats as floats, the other numbers as integers. */
    public LineBuilder field(String key, Number value) {
        if (value instanceof Double || value instanceof Float) {
            return field(key, value.doubleValue());
        } else if (value != null) {
            return field(key, value.longValue());
        }
        return this;
    }

    public LineBuilder field(String key, boolean value) {
        fieldKey(key);
        line.append(value);
        return this;
    }

    public LineBuilder field(String key, String value) {
        if (value != null) {
            fieldKey(key);
            line.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    line.append('\\');
                }
                line.append(c);
            }
            line.append('"');
        }
        return this;
    }

    /** The finished line with its timestamp in milliseconds (the sink writes with millisecond precision). */
    public String time(long millis) {
        if (!hasFields) {
            throw new IllegalStateException("a point needs at least one field: " + line);
        }
        return line.append(' ').append(millis).toString();
    }

    private void fieldKey(String key) {
        line.append(hasFields ? ',' : ' ');
        hasFields = true;
        escape(key, true);
        line.append('=');
    }

    /** Plain decimal notation as {@code Point} writes it; Java's exponent form ("1.2E10") is not line protocol. */
    private void appendDouble(double v) {
        double magnitude = Math.abs(v);
        if (v == Math.rint(v) && magnitude < 1e15) {
            line.append((long) v).append(".0");
        } else if (magnitude >= 1e-3 && magnitude < 1e7) {
            line.append(v); // Double.toString uses no exponent in this range
        } else {
            line.append(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
    }

    private void escape(String s, boolean equalsSign) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case ' ', ',' -> line.append('\\').append(c);
                case '=' -> {
                    if (equalsSign) {
                        line.append('\\');
                    }
                    line.append(c);
                }
                default -> line.append(c);
            }
        }
    }
}
