package io.overlaywatch.lab.report;

import java.util.Map;

/** Typed access to InfluxQL rows, failing with the column and the row when a value is missing or malformed. */
final class Rows {

    private Rows() {
    }

    static String text(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("column '" + column + "' missing in row " + row);
        }
        return value.toString();
    }

    static int integer(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(text(row, column));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "' is not an integer in row " + row, e);
        }
    }

    /** InfluxDB's JSON writes a float with a whole value as an integer: read every number as a double. */
    static double number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column '" + column + "' is not a number in row " + row);
    }
}
