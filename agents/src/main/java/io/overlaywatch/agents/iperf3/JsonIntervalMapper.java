package io.overlaywatch.agents.iperf3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Maps iperf3's JSON objects ({@code start}, an {@code interval}, {@code end}, {@code error}) to events and
 * keeps the test they belong to; shared by {@link JsonStreamParser} and {@link JsonDocumentParser}.
 */
final class JsonIntervalMapper {

    /** Reads trees only; Jackson's default limits (nesting depth, number length) keep hostile input cheap. */
    static final ObjectMapper JSON = new ObjectMapper();

    private final LongSupplier clock;
    /** Number of the latest test that started (0 before the first). */
    private int test;
    private boolean testActive;
    private TestContext context;

    JsonIntervalMapper(LongSupplier clock) {
        this.clock = clock;
    }

    int test() {
        return test;
    }

    Iperf3Failure failure(String message) {
        return new Iperf3Failure(test, message);
    }

    /** A {@code start} object: a test starts once iperf3 reports connected streams. */
    List<Iperf3Event> start(JsonNode start) {
        List<Iperf3Event> out = new ArrayList<>(1);
        JsonNode connected = start.path("connected");
        if (!connected.isArray() || connected.isEmpty()) {
            // iperf3 -J prints a start without connections when it could not connect; its error follows.
            return out;
        }
        if (testActive) {
            out.add(failure("test " + test + " stopped before it finished (a new test began)"));
        }
        test++;
        testActive = true;
        context = TestContext.of(start, startMillis(start.path("timestamp")));
        if (context.unsupportedProtocol != null) {
            out.add(failure("test " + test + " uses " + ParserSupport.excerpt(context.unsupportedProtocol)
                    + ", only TCP and UDP are read"));
        }
        return out;
    }

    private long startMillis(JsonNode timestamp) {
        JsonNode millis = timestamp.path("timemillisecs");
        if (millis.isIntegralNumber() && millis.canConvertToLong() && millis.longValue() > 0) {
            return millis.longValue();
        }
        JsonNode secs = timestamp.path("timesecs");
        if (secs.isIntegralNumber() && secs.canConvertToLong() && secs.longValue() > 0
                && secs.longValue() < Long.MAX_VALUE / 1000) {
            return secs.longValue() * 1000;
        }
        return clock.getAsLong();
    }

    /** One {@code interval} object: an event per stream, and the sum when it adds several streams. */
    List<Iperf3Event> interval(JsonNode interval) {
        if (context == null) {
            // Output that begins mid-test (no start): unknown stream ids, timed from now.
            test++;
            testActive = true;
            context = TestContext.unknown(clock.getAsLong());
        }
        return map(interval, context);
    }

    private List<Iperf3Event> map(JsonNode interval, TestContext ctx) {
        List<Iperf3Event> out = new ArrayList<>();
        if (ctx.unsupportedProtocol != null) {
            return out;
        }
        JsonNode streams = interval.path("streams");
        int senders = 0;
        int receivers = 0;
        for (JsonNode stream : streams) {
            String socket = stream.path("socket").asText("?");
            String id = ctx.streamIds.getOrDefault(socket, ParserSupport.unknownStream(socket));
            Side side = map(stream, id, false, ctx, out);
            if (side == Side.SENDER) {
                senders++;
            } else if (side == Side.RECEIVER) {
                receivers++;
            }
        }
        // iperf3 always adds a sum; it is only news when it sums several streams of its direction (--bidir has two sums)
        for (String key : new String[] {"sum", "sum_bidir_reverse"}) {
            JsonNode sum = interval.get(key);
            if (sum != null && sum.isObject()) {
                int ofItsSide = side(sum, ctx) == Side.SENDER ? senders : receivers;
                if (ofItsSide > 1) {
                    map(sum, "SUM", true, ctx, out);
                }
            }
        }
        return out;
    }

    /** Maps one stream (or sum) of an interval into {@code out}; returns its side, or null if it was invalid. */
    private Side map(JsonNode node, String stream, boolean sum, TestContext ctx, List<Iperf3Event> out) {
        double start = node.path("start").asDouble(Double.NaN);
        double end = node.path("end").asDouble(Double.NaN);
        double rate = node.path("bits_per_second").asDouble(Double.NaN);
        JsonNode bytes = node.path("bytes");
        if (!node.path("start").isNumber() || !node.path("end").isNumber() || !node.path("bits_per_second").isNumber()
                || !ParserSupport.usable(start) || !ParserSupport.usable(end) || end < start
                || !ParserSupport.usable(rate) || !bytes.isIntegralNumber() || !bytes.canConvertToLong()
                || bytes.longValue() < 0) {
            out.add(failure("invalid interval of stream " + stream + " in test " + test + ": "
                    + ParserSupport.excerpt(node.toString())));
            return null;
        }
        Side side = side(node, ctx);
        if (ParserSupport.isRemainder(start, end)) {
            return side;
        }
        boolean omitted = node.path("omitted").asBoolean(false);
        Protocol protocol = ctx.protocol != null ? ctx.protocol
                : node.has("packets") || node.has("jitter_ms") ? Protocol.UDP : Protocol.TCP;
        Long retransmits = null;
        Long cwnd = null;
        Long rtt = null;
        Double jitter = null;
        Long lost = null;
        Long packets = null;
        if (protocol == Protocol.TCP) {
            retransmits = count(node, "retransmits");
            cwnd = count(node, "snd_cwnd");
            rtt = count(node, "rtt");
        } else {
            JsonNode j = node.path("jitter_ms");
            jitter = j.isNumber() && ParserSupport.usable(j.doubleValue()) && side == Side.RECEIVER
                    ? j.doubleValue() : null;
            lost = side == Side.RECEIVER ? count(node, "lost_packets") : null;
            packets = count(node, "packets");
        }
        out.add(new Iperf3Interval(test, ctx.clock.timeOf(end, omitted), protocol, side, stream, sum, start, end,
                omitted, bytes.longValue(), rate, retransmits, cwnd, rtt, jitter, lost, packets));
        return side;
    }

    private static Side side(JsonNode node, TestContext ctx) {
        JsonNode sender = node.path("sender");
        if (sender.isBoolean()) {
            return sender.booleanValue() ? Side.SENDER : Side.RECEIVER;
        }
        return ctx.defaultSide;
    }

    /** A count iperf3 may report; absent, fractional or negative (UDP out-of-order "losses") gives null. */
    private static Long count(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0 ? value.longValue() : null;
    }

    /**
     * The server's own JSON document of the current test ({@code --get-server-output}): its intervals are the
     * receiver's view of the same streams, timed from the client's test start so both sides share one clock.
     */
    List<Iperf3Event> serverOutput(JsonNode document) {
        List<Iperf3Event> out = new ArrayList<>();
        if (context == null || !document.isObject()) {
            return out;
        }
        TestContext serverContext = TestContext.of(document.path("start"), context.clock.startMillis());
        for (JsonNode interval : document.path("intervals")) {
            out.addAll(map(interval, serverContext));
        }
        JsonNode error = document.path("error");
        if (error.isTextual()) {
            out.add(failure("server: " + ParserSupport.excerpt(error.textValue())));
        }
        return out;
    }

    /** An {@code error}: iperf3's words; the test it interrupts is over. */
    List<Iperf3Event> error(JsonNode error) {
        String message = error.isTextual() ? error.textValue() : error.toString();
        testActive = false;
        return List.of(failure(message.isBlank() ? "iperf3 reported an error without a message"
                : ParserSupport.excerpt(message.strip())));
    }

    /** An {@code end}: the test finished. */
    List<Iperf3Event> end() {
        testActive = false;
        return List.of();
    }

    /** Whether a test started and has neither ended nor failed. */
    boolean testActive() {
        return testActive;
    }

    /** Forgets the running test without a failure (its document was already reported as broken). */
    void abandonTest() {
        testActive = false;
    }

    /** The output ended: a failure if a test was still running. */
    List<Iperf3Event> finish() {
        if (!testActive) {
            return List.of();
        }
        testActive = false;
        return List.of(failure("output ended before test " + test + " finished"));
    }

    /** What the {@code start} of a test says about its streams. */
    private static final class TestContext {
        final Map<String, String> streamIds = new HashMap<>();
        Protocol protocol;
        String unsupportedProtocol;
        Side defaultSide = Side.SENDER;
        IntervalClock clock;

        static TestContext unknown(long startMillis) {
            TestContext ctx = new TestContext();
            ctx.clock = new IntervalClock(startMillis);
            return ctx;
        }

        static TestContext of(JsonNode start, long startMillis) {
            TestContext ctx = unknown(startMillis);
            // The client names the server it connects to; a server names the client it accepted.
            boolean server = start.has("accepted_connection") && !start.has("connecting_to");
            for (JsonNode c : start.path("connected")) {
                JsonNode local = c.path("local_host");
                JsonNode remote = c.path("remote_host");
                JsonNode localPort = c.path("local_port");
                JsonNode remotePort = c.path("remote_port");
                if (!local.isTextual() || !remote.isTextual() || !localPort.canConvertToLong()
                        || !remotePort.canConvertToLong() || !c.has("socket")) {
                    continue;
                }
                String id = server
                        ? ParserSupport.streamId(remote.textValue(), remotePort.longValue(), local.textValue(), localPort.longValue())
                        : ParserSupport.streamId(local.textValue(), localPort.longValue(), remote.textValue(), remotePort.longValue());
                ctx.streamIds.put(c.path("socket").asText(), id);
            }
            JsonNode testStart = start.path("test_start");
            String name = testStart.path("protocol").asText("").toUpperCase(Locale.ROOT);
            switch (name) {
                case "TCP" -> ctx.protocol = Protocol.TCP;
                case "UDP" -> ctx.protocol = Protocol.UDP;
                case "" -> ctx.protocol = null;
                default -> ctx.unsupportedProtocol = name;
            }
            // Only used when a stream lacks iperf3's "sender" flag (very old versions): the client sends unless -R.
            boolean reverse = testStart.path("reverse").asInt(0) != 0;
            ctx.defaultSide = server != reverse ? Side.RECEIVER : Side.SENDER;
            return ctx;
        }
    }
}
