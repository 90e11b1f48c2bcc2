package io.overlaywatch.agents.iperf3;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Parses iperf3's {@code --json-stream} output (3.17 and later): one JSON event per line
 * ({@code start}, {@code interval}, {@code end}, {@code error}), so intervals arrive as they are measured.
 *
 * <p>Not thread-safe: one parser reads one iperf3 process.
 */
public final class JsonStreamParser implements Iperf3OutputParser {

    private final JsonIntervalMapper mapper;

    /** A parser that times a test without a {@code start} timestamp from the system clock. */
    public JsonStreamParser() {
        this(System::currentTimeMillis);
    }

    /** @param clock epoch ms, read only when a test's {@code start} carries no timestamp */
    public JsonStreamParser(LongSupplier clock) {
        this.mapper = new JsonIntervalMapper(Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public List<Iperf3Event> feed(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        String stripped = line.strip();
        if (stripped.startsWith("iperf3:")) {
            // iperf3 writes some errors (bad options) as text even in JSON mode
            return List.of(mapper.failure(ParserSupport.iperfMessage(stripped)));
        }
        JsonNode event;
        try {
            event = JsonIntervalMapper.JSON.readTree(stripped);
        } catch (IOException | RuntimeException e) {
            return List.of(mapper.failure("not valid JSON: " + ParserSupport.excerpt(stripped)));
        }
        if (event == null || !event.isObject() || !event.path("event").isTextual()) {
            return List.of(mapper.failure("not an iperf3 JSON event: " + ParserSupport.excerpt(stripped)));
        }
        JsonNode data = event.path("data");
        try {
            return switch (event.get("event").textValue()) {
                case "start" -> mapper.start(data);
                case "interval" -> mapper.interval(data);
                case "end" -> mapper.end();
                case "error" -> mapper.error(data);
                case "server_output_json" -> mapper.serverOutput(data);
                // server_output_text and events of later versions carry no interval
                default -> List.of();
            };
        } catch (RuntimeException e) {
            // Defensive: the mapper checks every field it reads, but a parser must never throw.
            return List.of(mapper.failure("unreadable iperf3 event: " + ParserSupport.excerpt(stripped)));
        }
    }

    @Override
    public List<Iperf3Event> finish() {
        return mapper.finish();
    }
}
