package io.overlaywatch.jobs.functions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of line protocol read back as influxd reads it (escapes undone, quoted strings kept whole), so that tests
 * compare tags and fields whatever order they were written in. Field values stay as written ({@code 7i},
 * {@code "text"}, {@code 1.5}).
 */
record ParsedLine(String measurement, Map<String, String> tags, Map<String, String> fields, long time) {

    static ParsedLine parse(String line) {
        // Quotes mean something in field values only; the time follows the last space.
        List<String> head = split(line, ' ', false);
        int timeAt = line.lastIndexOf(' ');
        if (head.size() < 3 || timeAt <= head.get(0).length()) {
            throw new IllegalArgumentException("not measurement,tags fields time: " + line);
        }
        List<String> series = split(head.get(0), ',', false);
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : series.subList(1, series.size())) {
            List<String> kv = split(tag, '=', false);
            tags.put(unescape(kv.get(0)), unescape(kv.get(1)));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : split(line.substring(head.get(0).length() + 1, timeAt), ',', true)) {
            List<String> kv = split(field, '=', false);
            fields.put(unescape(kv.get(0)), kv.get(1));
        }
        return new ParsedLine(unescape(series.get(0)), tags, fields, Long.parseLong(line.substring(timeAt + 1)));
    }

    /** Splits at separators that are neither escaped nor, with {@code quotes}, inside a quoted string. */
    private static List<String> split(String s, char separator, boolean quotes) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                part.append(c).append(s.charAt(++i));
            } else if (c == '"' && quotes) {
                quoted = !quoted;
                part.append(c);
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                if (separator == '=') { // only the first '=' separates a key from its value
                    part.append(s, i + 1, s.length());
                    break;
                }
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replaceAll("\\\\([ ,=])", "$1");
    }
}
