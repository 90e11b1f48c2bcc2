package io.overlaywatch.agents.iperf3;

/** Small rules shared by the text and JSON parsers, so both read iperf3 the same way. */
final class ParserSupport {

    /**
     * iperf3 ends a test with a remainder interval such as {@code 3.00-3.00} or {@code 5.00-5.01}: a few
     * milliseconds whose bitrate is bytes divided by almost nothing, so it is noise, not a sample.
     */
    static final double MIN_INTERVAL_SECONDS = 0.1;

    /** Longest excerpt of a bad line quoted in a failure message. */
    private static final int EXCERPT_CHARS = 160;

    private ParserSupport() {
    }

    /** Whether an interval is too short to give a meaningful rate (see {@link #MIN_INTERVAL_SECONDS}). */
    static boolean isRemainder(double start, double end) {
        // the epsilon keeps a printed 5.00-5.10 (0.0999999... in binary) a full tenth
        return end - start < MIN_INTERVAL_SECONDS - 1e-9;
    }

    /** A stream id as the 5-tuple written client first; IPv6 addresses in brackets so ports stay readable. */
    static String streamId(String clientHost, long clientPort, String serverHost, long serverPort) {
        return host(clientHost) + ":" + clientPort + "-" + host(serverHost) + ":" + serverPort;
    }

    /** The id of a stream whose connection line or entry was never seen. */
    static String unknownStream(String socket) {
        return "socket " + socket;
    }

    private static String host(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** A short, printable excerpt of a line for a failure message (lines may be megabytes of binary). */
    static String excerpt(String line) {
        String cut = line.length() > EXCERPT_CHARS ? line.substring(0, EXCERPT_CHARS) : line;
        StringBuilder out = new StringBuilder(cut.length() + 32);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\uFFFD' ? '?' : c);
        }
        if (cut.length() < line.length()) {
            out.append("... (").append(line.length()).append(" chars)");
        }
        return out.toString();
    }

    /** Whether a number can be used in a sample: finite and not negative. */
    static boolean usable(double value) {
        return Double.isFinite(value) && value >= 0;
    }

    /** The message of an iperf3 error line without its {@code iperf3: } or {@code iperf3: error - } prefix. */
    static String iperfMessage(String line) {
        String rest = line.substring("iperf3:".length()).strip();
        if (rest.startsWith("error - ")) {
            rest = rest.substring("error - ".length()).strip();
        }
        return rest.isEmpty() ? "iperf3 reported an error without a message" : excerpt(rest);
    }
}
