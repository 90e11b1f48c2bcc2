package io.overlaywatch.lab.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns an InfluxQL SELECT answers with, read from its outermost clauses: each selected expression's alias
 * or field name, and each GROUP BY tag (InfluxDB returns those as the series' tags). Subqueries are skipped.
 */
record QueryShape(List<String> fields, List<String> tags) {

    static QueryShape of(String query) {
        if (!query.regionMatches(true, 0, "SELECT ", 0, 7)) {
            throw new IllegalArgumentException("not a SELECT: " + query);
        }
        int from = outer(query, " FROM ", 0);
        if (from < 0) {
            throw new IllegalArgumentException("no FROM: " + query);
        }
        List<String> fields = new ArrayList<>();
        for (String item : split(query.substring(7, from))) {
            int as = outer(item, " AS ", 0);
            String name = as >= 0 ? item.substring(as + 4) : item;
            int call = name.indexOf('(');
            fields.add(unquote(call > 0 && as < 0 ? name.substring(0, call) : name));
        }
        List<String> tags = new ArrayList<>();
        int group = outer(query, " GROUP BY ", from);
        if (group >= 0) {
            String clause = query.substring(group + 10);
            int fill = outer(clause, " fill(", 0);
            for (String item : split(fill >= 0 ? clause.substring(0, fill) : clause)) {
                if (!item.toLowerCase(Locale.ROOT).startsWith("time(")) {
                    tags.add(unquote(item));
                }
            }
        }
        return new QueryShape(fields, tags);
    }

    List<String> columns() {
        List<String> all = new ArrayList<>(fields);
        all.addAll(tags);
        return all;
    }

    /** Index of {@code token} outside parentheses and quotes, from {@code start}, or -1. */
    private static int outer(String text, String token, int start) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && text.regionMatches(true, i, token, 0, token.length())) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        int last = 0;
        int comma;
        while ((comma = outer(list, ",", last)) >= 0) {
            items.add(list.substring(last, comma).trim());
            last = comma + 1;
        }
        items.add(list.substring(last).trim());
        return items;
    }

    private static String unquote(String name) {
        String trimmed = name.trim();
        return trimmed.startsWith("\"") && trimmed.endsWith("\"") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
