package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a selector written as {@code kubectl -l} takes it ({@code a=b,c!=d,e in (f,g),h notin (i),j,!k}) into the
 * {@link LabelSelector} a NetworkPolicy would hold, so one matcher serves both.
 */
public final class LabelSelectorSyntax {

    private static final String KEY = "[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?";
    private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
    private static final Pattern EQUALS = Pattern.compile("(" + KEY + ")\\s*(==|=|!=)\\s*(" + VALUE + ")");
    private static final Pattern SET = Pattern.compile("(" + KEY + ")\\s+(in|notin)\\s*\\(([^)]*)\\)");
    private static final Pattern EXISTS = Pattern.compile("(!?)\\s*(" + KEY + ")");

    private LabelSelectorSyntax() {
    }

    /**
     * @throws IllegalArgumentException naming the part that is not a requirement
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty label selector");
        }
        Map<String, String> matchLabels = new LinkedHashMap<>();
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        for (String part : split(text)) {
            String requirement = part.trim();
            Matcher m;
            if ((m = SET.matcher(requirement)).matches()) {
                List<String> values = Arrays.stream(m.group(4).split(",")).map(String::trim).toList();
                if (values.stream().anyMatch(v -> !v.matches(VALUE) || v.isEmpty())) {
                    throw new IllegalArgumentException("bad value list in '" + requirement + "' of selector '" + text + "'");
                }
                expressions.add(new LabelSelectorRequirement(m.group(1), m.group(3).equals("in") ? "In" : "NotIn", values));
            } else if ((m = EQUALS.matcher(requirement)).matches()) {
                if (m.group(3).equals("!=")) {
                    expressions.add(new LabelSelectorRequirement(m.group(1), "NotIn", List.of(m.group(4))));
                } else {
                    matchLabels.put(m.group(1), m.group(4));
                }
            } else if ((m = EXISTS.matcher(requirement)).matches()) {
                expressions.add(new LabelSelectorRequirement(m.group(2), m.group(1).isEmpty() ? "Exists" : "DoesNotExist",
                        null));
            } else {
                throw new IllegalArgumentException("'" + requirement + "' in selector '" + text
                        + "' is not key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
            }
        }
        return new LabelSelector(expressions, matchLabels);
    }

    /** Splits at commas that are not inside a value list. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
