package io.overlaywatch.agents.counters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format 0.0.4 (what felix, cilium-agent and every Go client print) with a
 * small per-line tokenizer: {@code # HELP} and {@code # TYPE} lines, sample lines with labels whose values may hold
 * the escapes {@code \\}, {@code \"} and {@code \n} (and any of {@code { } , =}), values including {@code NaN},
 * {@code +Inf} and {@code -Inf}, optional timestamps, and histogram and summary families with their
 * {@code _bucket}, {@code _sum} and {@code _count} lines and {@code le} and {@code quantile} labels.
 *
 * <p>It never throws for bad input: a line it cannot read is left out and reported as a problem naming its line
 * and column, and the other lines are still read. A {@code \r} before a line's end is tolerated.
 */
public final class PrometheusTextParser {

    // Go's strconv.ParseFloat, which the Prometheus parsers use, minus hexadecimal and underscores that no
    // exporter prints. Double.parseDouble alone would also take "1d", "0x1p3" and "Infinity".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]{1,19}");

    private PrometheusTextParser() {
    }

    /** Parses a whole metrics page. */
    public static Exposition parse(String text) {
        State state = new State();
        if (text == null) {
            state.problems.add("no text");
            return state.result();
        }
        int start = 0;
        int lineNo = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNo++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            try {
                state.line(new Cursor(line));
            } catch (LineError e) {
                state.problems.add("line " + lineNo + ", column " + (e.column + 1) + ": " + printable(e.getMessage()));
            }
            start = end + 1;
        }
        return state.result();
    }

    /** The message with control characters (a stray NUL or CR inside a token) spelled as U+XXXX, on one line. */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("U+%04X", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** Reads a value as Go's ParseFloat would; NaN for {@code NaN}, and null when the token is not a number. */
    static Double parseValue(String token) {
        if (DECIMAL.matcher(token).matches()) {
            return Double.parseDouble(token);
        }
        String lower = token.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        return null;
    }

    /** What has been read so far of one page. */
    private static final class State {
        final List<PrometheusSample> samples = new ArrayList<>();
        final Map<String, String> help = new LinkedHashMap<>();
        final Map<String, MetricType> types = new LinkedHashMap<>();
        final Set<String> familiesWithSamples = new HashSet<>();
        final List<String> problems = new ArrayList<>();

        Exposition result() {
            return new Exposition(samples, help, types, problems);
        }

        void line(Cursor in) throws LineError {
            in.skipBlanks();
            if (in.atEnd()) {
                return;
            }
            if (in.peek() == '#') {
                in.next();
                comment(in);
            } else {
                sample(in);
            }
        }

        private void comment(Cursor in) throws LineError {
            in.skipBlanks();
            int keywordAt = in.position();
            String keyword = in.word();
            if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
                return; // An ordinary comment.
            }
            if (!in.atEnd() && !in.blank()) {
                return; // "#HELPER ...": a comment too.
            }
            in.skipBlanks();
            String name = in.metricName();
            if (keyword.equals("HELP")) {
                String text = in.atEnd() ? "" : in.helpText();
                if (help.putIfAbsent(name, text) != null) {
                    throw new LineError(keywordAt, "second HELP line for " + name);
                }
                return;
            }
            in.requireBlank("after the metric name " + name);
            in.skipBlanks();
            int typeAt = in.position();
            String typeWord = in.word();
            MetricType type;
            try {
                type = MetricType.valueOf(typeWord.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LineError(typeAt, "unknown metric type '" + typeWord
                        + "', expected counter, gauge, histogram, summary or untyped");
            }
            in.skipBlanks();
            if (!in.atEnd()) {
                throw new LineError(in.position(), "unexpected text after the type of " + name);
            }
            if (types.containsKey(name)) {
                throw new LineError(keywordAt, "second TYPE line for " + name);
            }
            if (familiesWithSamples.contains(name)) {
                throw new LineError(keywordAt, "TYPE line for " + name + " comes after its samples");
            }
            types.put(name, type);
        }

        private void sample(Cursor in) throws LineError {
            int nameAt = in.position();
            String name = in.metricName();
            Map<String, String> labels = new LinkedHashMap<>();
            if (!in.atEnd() && in.peek() == '{') {
                in.next();
                labels(in, labels);
            }
            in.requireBlank("before the value of " + name);
            in.skipBlanks();
            int valueAt = in.position();
            String valueWord = in.word();
            if (valueWord.isEmpty()) {
                throw new LineError(valueAt, "sample " + name + " has no value");
            }
            Double value = parseValue(valueWord);
            if (value == null) {
                throw new LineError(valueAt, "value '" + valueWord + "' of " + name + " is not a number");
            }
            OptionalLong timestamp = OptionalLong.empty();
            in.skipBlanks();
            if (!in.atEnd()) {
                int timestampAt = in.position();
                String word = in.word();
                timestamp = timestamp(word, timestampAt, name);
                in.skipBlanks();
                if (!in.atEnd()) {
                    throw new LineError(in.position(), "unexpected text after the timestamp of " + name);
                }
            }
            String family = familyOf(name);
            MetricType type = types.getOrDefault(family, MetricType.UNTYPED);
            checkShape(nameAt, family, name, type, labels);
            familiesWithSamples.add(family);
            samples.add(new PrometheusSample(family, name, labels, value, timestamp, type));
        }

        private static void labels(Cursor in, Map<String, String> labels) throws LineError {
            while (true) {
                in.skipBlanks();
                if (in.atEnd()) {
                    throw new LineError(in.position(), "labels are not closed with '}'");
                }
                if (in.peek() == '}') {
                    in.next();
                    return;
                }
                int nameAt = in.position();
                String label = in.labelName();
                in.skipBlanks();
                in.expect('=', "'=' after the label name " + label);
                in.skipBlanks();
                String value = in.quoted(label);
                if (labels.put(label, value) != null) {
                    throw new LineError(nameAt, "label " + label + " appears twice");
                }
                in.skipBlanks();
                if (in.atEnd()) {
                    throw new LineError(in.position(), "labels are not closed with '}'");
                }
                char c = in.peek();
                if (c == ',') {
                    in.next();
                } else if (c != '}') {
                    throw new LineError(in.position(), "expected ',' or '}' after the value of label " + label
                            + ", found " + Cursor.shown(c));
                }
            }
        }

        private static OptionalLong timestamp(String word, int at, String name) throws LineError {
            if (TIMESTAMP.matcher(word).matches()) {
                try {
                    return OptionalLong.of(Long.parseLong(word));
                } catch (NumberFormatException e) {
                    // Falls through: 19 digits beyond Long.MAX_VALUE.
                }
            }
            throw new LineError(at, "timestamp '" + word + "' of " + name + " is not an integer of milliseconds");
        }

        /** A histogram's or summary's suffixed lines belong to the family their TYPE line named. */
        private String familyOf(String name) {
            if (types.containsKey(name)) {
                return name;
            }
            for (String suffix : List.of("_bucket", "_sum", "_count")) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    MetricType type = types.get(base);
                    if (type == MetricType.HISTOGRAM || (type == MetricType.SUMMARY && !suffix.equals("_bucket"))) {
                        return base;
                    }
                }
            }
            return name;
        }

        private static void checkShape(int at, String family, String name, MetricType type, Map<String, String> labels)
                throws LineError {
            if (type == MetricType.HISTOGRAM) {
                if (name.equals(family)) {
                    throw new LineError(at, "histogram " + family + " has a sample without _bucket, _sum or _count");
                }
                if (name.endsWith("_bucket")) {
                    requireNumberLabel(at, name, labels, "le");
                }
            } else if (type == MetricType.SUMMARY && name.equals(family)) {
                requireNumberLabel(at, name, labels, "quantile");
            }
        }

        private static void requireNumberLabel(int at, String name, Map<String, String> labels, String label)
                throws LineError {
            String value = labels.get(label);
            if (value == null) {
                throw new LineError(at, name + " has no " + label + " label");
            }
            if (parseValue(value) == null) {
                throw new LineError(at, "label " + label + "=\"" + value + "\" of " + name + " is not a number");
            }
        }
    }

    /** A position in one line and the tokens that can start there. */
    private static final class Cursor {
        private final String line;
        private int at;

        Cursor(String line) {
            this.line = line;
        }

        int position() {
            return at;
        }

        boolean atEnd() {
            return at >= line.length();
        }

        char peek() {
            return line.charAt(at);
        }

        void next() {
            at++;
        }

        boolean blank() {
            return !atEnd() && (peek() == ' ' || peek() == '\t');
        }

        void skipBlanks() {
            while (blank()) {
                at++;
            }
        }

        void requireBlank(String where) throws LineError {
            if (atEnd()) {
                throw new LineError(at, "line ends " + where);
            }
            if (!blank()) {
                throw new LineError(at, "expected a blank " + where + ", found " + shown(peek()));
            }
        }

        void expect(char c, String what) throws LineError {
            if (atEnd()) {
                throw new LineError(at, "expected " + what + ", the line ends");
            }
            if (peek() != c) {
                throw new LineError(at, "expected " + what + ", found " + shown(peek()));
            }
            at++;
        }

        /** Everything up to the next blank or the line's end. */
        String word() {
            int start = at;
            while (!atEnd() && !blank()) {
                at++;
            }
            return line.substring(start, at);
        }

        /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*} */
        String metricName() throws LineError {
            int start = at;
            while (!atEnd() && isNameChar(peek(), at == start, true)) {
                at++;
            }
            if (at == start) {
                throw new LineError(at, atEnd() ? "expected a metric name, the line ends"
                        : "expected a metric name, found " + shown(peek()));
            }
            return line.substring(start, at);
        }

        /** {@code [a-zA-Z_][a-zA-Z0-9_]*} */
        String labelName() throws LineError {
            int start = at;
            while (!atEnd() && isNameChar(peek(), at == start, false)) {
                at++;
            }
            if (at == start) {
                throw new LineError(at, "expected a label name, found " + shown(peek()));
            }
            return line.substring(start, at);
        }

        /** A double-quoted label value with the escapes {@code \\}, {@code \"} and {@code \n}. */
        String quoted(String label) throws LineError {
            expect('"', "'\"' to open the value of label " + label);
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new LineError(at, "value of label " + label + " is not closed with '\"'");
                }
                char c = line.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw new LineError(at, "value of label " + label + " ends in a lone '\\'");
                }
                char escaped = line.charAt(at++);
                switch (escaped) {
                    case '\\' -> value.append('\\');
                    case '"' -> value.append('"');
                    case 'n' -> value.append('\n');
                    default -> throw new LineError(at - 2, "invalid escape '\\" + escaped + "' in the value of label "
                            + label + " (only \\\\, \\\" and \\n are allowed)");
                }
            }
        }

        /** The rest of a HELP line, after the blanks that follow the name, with the escapes {@code \\} and {@code \n}. */
        String helpText() throws LineError {
            requireBlank("after the metric name of HELP");
            skipBlanks();
            StringBuilder text = new StringBuilder();
            while (!atEnd()) {
                char c = line.charAt(at++);
                if (c != '\\') {
                    text.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw new LineError(at - 1, "HELP text ends in a lone '\\'");
                }
                char escaped = line.charAt(at++);
                switch (escaped) {
                    case '\\' -> text.append('\\');
                    case 'n' -> text.append('\n');
                    default -> throw new LineError(at - 2, "invalid escape '\\" + escaped
                            + "' in HELP text (only \\\\ and \\n are allowed)");
                }
            }
            return text.toString();
        }

        /** A character for a message: quoted when printable, as U+XXXX when not (NUL, control characters). */
        static String shown(char c) {
            return Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private static boolean isNameChar(char c, boolean first, boolean colonAllowed) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')) {
                return true;
            }
            return !first && c >= '0' && c <= '9';
        }
    }

    /** A line that cannot be read, with the 0-based column where reading stopped. */
    private static final class LineError extends Exception {
        final int column;

        LineError(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }
}
