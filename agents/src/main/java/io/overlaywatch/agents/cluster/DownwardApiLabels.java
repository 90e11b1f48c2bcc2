package io.overlaywatch.agents.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the file the kubelet writes for a downward API {@code fieldRef: metadata.labels} volume: one
 * {@code key="value"} line per label, the value quoted as Go's {@code %q} prints it.
 */
public final class DownwardApiLabels {

    private DownwardApiLabels() {
    }

    /**
     * @throws IllegalArgumentException naming the line that is not {@code key="value"}
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || line.length() < eq + 3 || line.charAt(eq + 1) != '"' || !line.endsWith("\"")) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not key=\"value\": " + line);
            }
            labels.put(line.substring(0, eq), unquote(line.substring(eq + 2, line.length() - 1), i + 1));
        }
        return labels;
    }

    private static String unquote(String quoted, int lineNo) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == quoted.length()) {
                throw new IllegalArgumentException("line " + lineNo + " ends inside an escape");
            }
            char e = quoted.charAt(i);
            switch (e) {
                case '\\', '"' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x', 'u' -> {
                    int digits = e == 'x' ? 2 : 4;
                    String hex = i + digits < quoted.length() ? quoted.substring(i + 1, i + 1 + digits) : "";
                    if (!hex.matches("[0-9A-Fa-f]{" + digits + "}")) {
                        throw new IllegalArgumentException("line " + lineNo + " has a bad \\" + e + " escape");
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    i += digits;
                }
                default -> throw new IllegalArgumentException("line " + lineNo + " has an unknown escape \\" + e);
            }
        }
        return out.toString();
    }
}
