package io.overlaywatch.agents.iperf3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Writes and reads parser events as the JSON lines of the golden files' {@code expected.jsonl}. */
final class Iperf3EventJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Iperf3EventJson() {
    }

    /** One line, fields in a fixed order, null fields left out, numbers written plainly (7980000000, not 7.98E9). */
    static String write(Iperf3Event event) {
        ObjectNode node = JSON.createObjectNode();
        if (event instanceof Iperf3Failure f) {
            node.put("type", "failure");
            node.put("test", f.test());
            node.put("message", f.message());
        } else if (event instanceof Iperf3Interval i) {
            node.put("type", "interval");
            node.put("test", i.test());
            node.put("time", i.time());
            node.put("protocol", i.protocol().name());
            node.put("side", i.side().name());
            node.put("stream", i.stream());
            node.put("sum", i.sum());
            node.put("start", plain(i.start()));
            node.put("end", plain(i.end()));
            node.put("omitted", i.omitted());
            node.put("bytes", i.bytes());
            node.put("bitsPerSecond", plain(i.bitsPerSecond()));
            putIfPresent(node, "retransmits", i.retransmits());
            putIfPresent(node, "cwndBytes", i.cwndBytes());
            putIfPresent(node, "rttMicros", i.rttMicros());
            if (i.jitterMs() != null) {
                node.put("jitterMs", plain(i.jitterMs()));
            }
            putIfPresent(node, "lost", i.lost());
            putIfPresent(node, "packets", i.packets());
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event a golden line describes; absent optional fields are null. */
    static Iperf3Event read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad golden line: " + line, e);
        }
        int test = node.get("test").intValue();
        if (node.get("type").textValue().equals("failure")) {
            return new Iperf3Failure(test, node.get("message").textValue());
        }
        return new Iperf3Interval(test, node.get("time").longValue(),
                Protocol.valueOf(node.get("protocol").textValue()), Side.valueOf(node.get("side").textValue()),
                node.get("stream").textValue(), node.get("sum").booleanValue(),
                node.get("start").doubleValue(), node.get("end").doubleValue(), node.get("omitted").booleanValue(),
                node.get("bytes").longValue(), node.get("bitsPerSecond").doubleValue(),
                optLong(node, "retransmits"), optLong(node, "cwndBytes"), optLong(node, "rttMicros"),
                node.has("jitterMs") ? node.get("jitterMs").doubleValue() : null,
                optLong(node, "lost"), optLong(node, "packets"));
    }

    private static BigDecimal plain(double value) {
        BigDecimal d = BigDecimal.valueOf(value);
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private static void putIfPresent(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Long optLong(JsonNode node, String field) {
        return node.has(field) ? node.get(field).longValue() : null;
    }
}
