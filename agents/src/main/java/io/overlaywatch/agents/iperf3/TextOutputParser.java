package io.overlaywatch.agents.iperf3;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses iperf3's text output (the only streaming format before 3.17, printed line by line with
 * {@code --forceflush}), client or server, TCP or UDP, with {@code -P}, {@code -R}, {@code --bidir},
 * {@code -O}, {@code --get-server-output} and the default {@code --timestamps} format.
 *
 * <p>Not thread-safe: one parser reads one iperf3 process.
 */
public final class TextOutputParser implements Iperf3OutputParser {

    /** iperf3's own lines are under 200 characters; longer ones are not worth a regular expression. */
    private static final int MAX_LINE_CHARS = 2048;

    private static final String MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
    /** The default {@code --timestamps} format, {@code %c} in the C locale: {@code Thu Nov 26 09:13:13 2026 }. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (" + MONTHS + ") ([ \\d]?\\d) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4}) ?");
    private static final Pattern CONNECTING = Pattern.compile("^Connecting to host (\\S+), port (\\d+)");
    private static final Pattern CONNECTED = Pattern.compile(
            "^\\[\\s*(\\d{1,9})] local (\\S+) port (\\d{1,5}) connected to (\\S+) port (\\d{1,5})\\s*$");
    private static final Pattern HEADER = Pattern.compile(
            "^\\[ ID](\\[Role])?\\s+Interval\\s+Transfer\\s+Bitrate(.*)$");
    /** {@code [  5]}, {@code [SUM]}, optionally followed by a {@code --bidir} role such as {@code [TX-C]}. */
    private static final Pattern STREAM_PREFIX = Pattern.compile("^\\[\\s*(\\d{1,9}|SUM)](?:\\[(TX|RX)-[CS]])?");
    private static final String NUMBER = "(\\d{1,15}(?:\\.\\d{1,9})?)";
    private static final Pattern INTERVAL = Pattern.compile(
            "^\\s+" + NUMBER + "-\\s*" + NUMBER + "\\s+sec\\s+" + NUMBER + " ([KMGT]?)Bytes\\s+"
                    + NUMBER + " ([KMGT]?)(bits|Bytes)/sec(.*)$");
    private static final Pattern SUMMARY_SUFFIX = Pattern.compile("\\s(sender|receiver)\\s*$");
    private static final String OMITTED = "(omitted)";
    private static final Pattern TCP_SENDER_REST = Pattern.compile(
            "^(\\d{1,18})(?:\\s+" + NUMBER + " ([KMGT]?)Bytes)?$");
    private static final Pattern UDP_SENDER_REST = Pattern.compile("^(\\d{1,18})$");
    /** {@code 0.093 ms  11422/80571 (14%)}; iperf3 prints the percentage with %.2g (so also {@code 1e+02} or {@code nan}). */
    private static final Pattern UDP_RECEIVER_REST = Pattern.compile(
            "^" + NUMBER + " ms\\s+(-?\\d{1,18})/(\\d{1,18})\\s+\\([^)]{0,16}%\\)$");

    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
    private static final BigDecimal EIGHT = BigDecimal.valueOf(8);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private final LongSupplier clock;
    private final ZoneId zone;

    /** Number of the latest test that started in the output (0 before the first). */
    private int test;
    /** Whether the latest test started and has neither ended nor failed. */
    private boolean testActive;
    /**
     * The latest test's clock; null until its first interval when its output has no timestamps: iperf3 (3.12 at
     * least) flushes its lines before the first interval report only with that report, so a test's start is known
     * when the report is read, as the time then less the report's end, not when its connection line is.
     */
    private IntervalClock intervalClock;
    private boolean server;
    /** Inside the client's {@code --get-server-output} section: the server's lines of the same test. */
    private boolean serverSection;
    /** Host and port the client is connecting to, until a connection line shows it connected. */
    private String connecting;
    /** iperf3's socket number to the stream's 5-tuple, for the current test (or server section). */
    private final Map<String, String> streams = new HashMap<>();
    /** Latest time emitted per stream, to drop the repeated lines an interrupted server prints. */
    private final Map<String, Long> lastTimes = new HashMap<>();
    private Protocol protocol;
    /** Side from the latest column header; null with {@code --bidir}, where each line carries its role. */
    private Side headerSide;
    private boolean headerSeen;

    /**
     * @param clock reads the time (epoch ms) at which a test's first interval report is read, when the output has no
     *              timestamps: the report's end
     * @param zone  zone of the {@code --timestamps} dates
     */
    public TextOutputParser(LongSupplier clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public List<Iperf3Event> feed(String rawLine) {
        List<Iperf3Event> out = new ArrayList<>(2);
        if (rawLine == null || rawLine.isBlank()) {
            return out;
        }
        if (rawLine.length() > MAX_LINE_CHARS) {
            if (STREAM_PREFIX.matcher(rawLine).lookingAt() || rawLine.startsWith("iperf3:")) {
                out.add(new Iperf3Failure(test, "unparseable line: " + ParserSupport.excerpt(rawLine)));
            }
            return out;
        }
        String line = rawLine;
        Long stamp = null;
        Matcher ts = TIMESTAMP.matcher(line);
        if (ts.lookingAt()) {
            stamp = timestampMillis(ts);
            line = line.substring(ts.end());
            if (line.isBlank()) {
                return out;
            }
        }
        // iperf3 writes "\r\n" nowhere, but output copied through other tools may carry one
        line = line.stripTrailing();
        try {
            dispatch(line, stamp, out);
        } catch (RuntimeException e) {
            // Defensive: the patterns above bound every number, but a parser must never throw.
            out.add(new Iperf3Failure(test, "unparseable line: " + ParserSupport.excerpt(line)));
        }
        return out;
    }

    private void dispatch(String line, Long stamp, List<Iperf3Event> out) {
        if (line.startsWith("iperf3:")) {
            out.add(new Iperf3Failure(test, ParserSupport.iperfMessage(line)));
            // the error (or interrupt) is how this test ended
            testActive = false;
            connecting = null;
            return;
        }
        Matcher m = CONNECTED.matcher(line);
        if (m.matches()) {
            connected(m, stamp, out);
            return;
        }
        m = STREAM_PREFIX.matcher(line);
        if (m.lookingAt()) {
            intervalLine(line, m, out);
            return;
        }
        m = HEADER.matcher(line);
        if (m.matches()) {
            header(m.group(1) != null, m.group(2));
            return;
        }
        m = CONNECTING.matcher(line);
        if (m.lookingAt()) {
            newTest(out);
            server = false;
            serverSection = false;
            connecting = m.group(1) + ", port " + m.group(2);
            return;
        }
        if (line.startsWith("Server listening on") || line.startsWith("Accepted connection from")) {
            if (!serverSection) {
                newTest(out);
                server = true;
            }
            return;
        }
        if (line.equals("Server output:")) {
            // The server's view of the same test follows: its own socket numbers, headers and remainders.
            serverSection = true;
            streams.clear();
            lastTimes.clear();
            resetHeader();
            if (intervalClock != null) {
                intervalClock = new IntervalClock(intervalClock.startMillis());
            }
            return;
        }
        if (line.equals("iperf Done.")) {
            testActive = false;
            connecting = null;
        }
        // Everything else (separators, "Reverse mode, ...", verbose lines) carries no sample.
    }

    /** A new test begins; one still running has lost the rest of its output. */
    private void newTest(List<Iperf3Event> out) {
        if (testActive) {
            out.add(new Iperf3Failure(test, "test " + test + " stopped before it finished (a new test began)"));
            testActive = false;
        }
        streams.clear();
        lastTimes.clear();
        resetHeader();
        connecting = null;
    }

    private void resetHeader() {
        protocol = null;
        headerSide = null;
        headerSeen = false;
    }

    private void connected(Matcher m, Long stamp, List<Iperf3Event> out) {
        if (!testActive) {
            newTest(out);
            test++;
            testActive = true;
            intervalClock = stamp != null ? new IntervalClock(stamp) : null;
        }
        connecting = null;
        String local = m.group(2);
        int localPort = Integer.parseInt(m.group(3));
        String remote = m.group(4);
        int remotePort = Integer.parseInt(m.group(5));
        // The client prints its own address as local; a server (or its lines in a client's output) the reverse.
        String id = server || serverSection
                ? ParserSupport.streamId(remote, remotePort, local, localPort)
                : ParserSupport.streamId(local, localPort, remote, remotePort);
        streams.put(m.group(1), id);
    }

    private void header(boolean roles, String columns) {
        headerSeen = true;
        if (columns.contains("Datagrams")) {
            protocol = Protocol.UDP;
            headerSide = columns.contains("Jitter") ? Side.RECEIVER : Side.SENDER;
        } else {
            protocol = Protocol.TCP;
            headerSide = columns.contains("Retr") ? Side.SENDER : Side.RECEIVER;
        }
        if (roles) {
            headerSide = null;
        }
    }

    private void intervalLine(String line, Matcher prefix, List<Iperf3Event> out) {
        String rest = line.substring(prefix.end());
        if (!looksLikeInterval(rest)) {
            return;
        }
        if (SUMMARY_SUFFIX.matcher(rest).find()) {
            // End-of-test summary: not a sample. For a server it is also how the test ends.
            if (server && !serverSection) {
                testActive = false;
            }
            return;
        }
        if (!headerSeen) {
            out.add(new Iperf3Failure(test, "interval line before its column header: " + ParserSupport.excerpt(line)));
            return;
        }
        Matcher m = INTERVAL.matcher(rest);
        if (!m.matches()) {
            out.add(bad(line));
            return;
        }
        String socket = prefix.group(1);
        boolean sum = socket.equals("SUM");
        Side side = headerSide != null ? headerSide
                : prefix.group(2) == null ? null
                : prefix.group(2).equals("TX") ? Side.SENDER : Side.RECEIVER;
        if (side == null) {
            out.add(bad(line));
            return;
        }
        double start = Double.parseDouble(m.group(1));
        double end = Double.parseDouble(m.group(2));
        // Decimal arithmetic so that "7.98 Gbits/sec" is 7980000000, not 7980000000.000001
        BigDecimal bytesValue = new BigDecimal(m.group(3)).multiply(binaryFactor(m.group(4)));
        double rate = new BigDecimal(m.group(5)).multiply(m.group(7).equals("bits")
                ? decimalFactor(m.group(6)) : binaryFactor(m.group(6)).multiply(EIGHT)).doubleValue();
        String tail = m.group(8).strip();
        boolean omitted = tail.endsWith(OMITTED);
        if (omitted) {
            tail = tail.substring(0, tail.length() - OMITTED.length()).strip();
        }
        if (end < start || !ParserSupport.usable(rate) || bytesValue.compareTo(MAX_LONG) >= 0) {
            out.add(bad(line));
            return;
        }
        Long retransmits = null;
        Long cwnd = null;
        Double jitter = null;
        Long lost = null;
        Long packets = null;
        if (protocol == Protocol.TCP && side == Side.SENDER) {
            Matcher r = TCP_SENDER_REST.matcher(tail);
            if (!r.matches()) {
                out.add(bad(line));
                return;
            }
            retransmits = Long.parseLong(r.group(1));
            if (r.group(2) != null) {
                BigDecimal cwndValue = new BigDecimal(r.group(2)).multiply(binaryFactor(r.group(3)));
                if (cwndValue.compareTo(MAX_LONG) >= 0) {
                    out.add(bad(line));
                    return;
                }
                cwnd = rounded(cwndValue);
            }
        } else if (protocol == Protocol.TCP) {
            if (!tail.isEmpty()) {
                out.add(bad(line));
                return;
            }
        } else if (side == Side.SENDER) {
            Matcher r = UDP_SENDER_REST.matcher(tail);
            if (!r.matches()) {
                out.add(bad(line));
                return;
            }
            packets = Long.parseLong(r.group(1));
        } else {
            Matcher r = UDP_RECEIVER_REST.matcher(tail);
            if (!r.matches()) {
                out.add(bad(line));
                return;
            }
            jitter = Double.parseDouble(r.group(1));
            long lostValue = Long.parseLong(r.group(2));
            // iperf3 counts datagrams that arrive out of order as negative losses; no loss count is better than a negative one
            lost = lostValue >= 0 ? lostValue : null;
            packets = Long.parseLong(r.group(3));
        }
        if (ParserSupport.isRemainder(start, end)) {
            return;
        }
        if (!testActive && test == 0) {
            // Output that begins mid-test (no connection line): timed from its first interval, as any test.
            test = 1;
            testActive = true;
        }
        if (intervalClock == null) {
            intervalClock = IntervalClock.endingAt(clock.getAsLong(), end);
        }
        String stream = sum ? "SUM" : streams.getOrDefault(socket, ParserSupport.unknownStream(socket));
        long time = intervalClock.timeOf(end, omitted);
        String key = stream + (side == Side.SENDER ? ">" : "<");
        Long last = lastTimes.get(key);
        if (!omitted && last != null && time <= last) {
            // A server whose client was interrupted prints its last interval a second time.
            return;
        }
        if (!omitted) {
            lastTimes.put(key, time);
        }
        out.add(new Iperf3Interval(test, time, protocol, side, stream, sum, start, end, omitted,
                rounded(bytesValue), rate, retransmits, cwnd, null, jitter, lost, packets));
    }

    /** Interval and summary lines have {@code sec} after the times; out-of-order reports are not intervals. */
    private static boolean looksLikeInterval(String rest) {
        return (rest.contains(" sec ") || rest.endsWith(" sec")) && !rest.contains("out-of-order");
    }

    private Iperf3Failure bad(String line) {
        return new Iperf3Failure(test, "unparseable interval line: " + ParserSupport.excerpt(line));
    }

    private Long timestampMillis(Matcher ts) {
        try {
            int month = MONTHS.indexOf(ts.group(1)) / 4 + 1;
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(ts.group(6)), month,
                    Integer.parseInt(ts.group(2).strip()), Integer.parseInt(ts.group(3)),
                    Integer.parseInt(ts.group(4)), Integer.parseInt(ts.group(5)));
            return local.atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            // A date that does not exist (Feb 31): strip it, time the test from the clock instead.
            return null;
        }
    }

    /** Transfer and window sizes: KBytes, MBytes, ... are powers of 1024. */
    private static BigDecimal binaryFactor(String prefix) {
        return switch (prefix) {
            case "K" -> KIBI;
            case "M" -> KIBI.pow(2);
            case "G" -> KIBI.pow(3);
            case "T" -> KIBI.pow(4);
            default -> BigDecimal.ONE;
        };
    }

    /** Bitrates: Kbits, Mbits, ... per second are powers of 1000. */
    private static BigDecimal decimalFactor(String prefix) {
        return switch (prefix) {
            case "K" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            default -> BigDecimal.ONE;
        };
    }

    private static long rounded(BigDecimal value) {
        return value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Override
    public List<Iperf3Event> finish() {
        List<Iperf3Event> out = new ArrayList<>(1);
        if (testActive) {
            out.add(new Iperf3Failure(test, "output ended before test " + test + " finished"));
        } else if (connecting != null) {
            out.add(new Iperf3Failure(test, "output ended while connecting to " + connecting));
        }
        testActive = false;
        connecting = null;
        return out;
    }
}
