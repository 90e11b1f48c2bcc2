package io.overlaywatch.agents.iperf3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Parses iperf3's {@code -J} output (any version): one JSON document printed when a test ends (a server
 * prints one per test). Lines are buffered; a document is read as soon as its braces close, or at
 * {@link #finish()}, where a cut document still gives every interval printed before the cut.
 *
 * <p>Not thread-safe: one parser reads one iperf3 process.
 */
public final class JsonDocumentParser implements Iperf3OutputParser {

    /**
     * About the {@code -J} document of a 20-minute test with 128 streams (~50 kB per second); a larger one is
     * dropped with a failure rather than held in memory. Long tests should stream: text or {@code --json-stream}.
     */
    static final int MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

    private final JsonIntervalMapper mapper;
    private final StringBuilder buffer = new StringBuilder();
    private boolean inDocument;
    /** Counting braces through a document too large to keep. */
    private boolean skipping;
    private int depth;
    private boolean inString;
    private boolean escaped;

    /** A parser that times a test without a {@code start} timestamp from the system clock. */
    public JsonDocumentParser() {
        this(System::currentTimeMillis);
    }

    /** @param clock epoch ms, read only when a test's {@code start} carries no timestamp */
    public JsonDocumentParser(LongSupplier clock) {
        this.mapper = new JsonIntervalMapper(Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public List<Iperf3Event> feed(String line) {
        if (line == null) {
            return List.of();
        }
        if (!inDocument) {
            String stripped = line.strip();
            if (stripped.startsWith("iperf3:")) {
                // iperf3 writes some errors (bad options) as text even in JSON mode
                return List.of(mapper.failure(ParserSupport.iperfMessage(stripped)));
            }
            if (!stripped.startsWith("{")) {
                // blank lines between documents and whatever else shares the output
                return List.of();
            }
            inDocument = true;
        }
        int closedAt = scan(line);
        List<Iperf3Event> out = new ArrayList<>();
        if (!skipping) {
            buffer.append(line, 0, closedAt < 0 ? line.length() : closedAt + 1).append('\n');
            if (buffer.length() > MAX_DOCUMENT_CHARS) {
                out.add(mapper.failure("JSON document longer than " + MAX_DOCUMENT_CHARS + " characters; dropped"));
                buffer.setLength(0);
                buffer.trimToSize();
                skipping = true;
            }
        }
        if (closedAt >= 0) {
            if (!skipping) {
                out.addAll(read(buffer.toString(), true));
            }
            reset();
        }
        return out;
    }

    /** Follows braces outside strings; returns the index of the brace that closes the document, or -1. */
    private int scan(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth <= 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void reset() {
        buffer.setLength(0);
        if (buffer.capacity() > 1 << 20) {
            buffer.trimToSize();
        }
        inDocument = false;
        skipping = false;
        depth = 0;
        inString = false;
        escaped = false;
    }

    /**
     * Reads a document field by field so that a cut document still yields its start and every complete
     * interval. iperf3 prints {@code start}, {@code intervals}, {@code end}, then {@code error}; the error is
     * applied before the end so that it counts against the test it ended.
     */
    private List<Iperf3Event> read(String text, boolean complete) {
        List<Iperf3Event> out = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        JsonNode serverOutput = null;
        boolean ended = false;
        int testBefore = mapper.test();
        try (JsonParser p = JsonIntervalMapper.JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotADocument();
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == null) {
                    throw new NotADocument();
                }
                if (name.equals("intervals") && value == JsonToken.START_ARRAY) {
                    JsonToken element;
                    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (element == null) {
                            throw new NotADocument();
                        }
                        out.addAll(mapper.interval(JsonIntervalMapper.JSON.readTree(p)));
                    }
                    continue;
                }
                JsonNode node = JsonIntervalMapper.JSON.readTree(p);
                switch (name) {
                    case "start" -> out.addAll(mapper.start(node));
                    case "end" -> ended = true;
                    case "error" -> errors.add(node);
                    case "server_output_json" -> serverOutput = node;
                    default -> {
                        // title, extra_data, server_output_text: no intervals
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new NotADocument();
            }
        } catch (IOException | RuntimeException e) {
            for (JsonNode error : errors) {
                out.addAll(mapper.error(error));
            }
            if (complete) {
                out.add(mapper.failure("invalid JSON document: " + ParserSupport.excerpt(reason(e))));
                mapper.abandonTest();
            } else {
                List<Iperf3Event> unfinished = mapper.finish();
                out.addAll(unfinished.isEmpty()
                        ? List.of(mapper.failure("output ended inside a JSON document")) : unfinished);
            }
            return out;
        }
        if (serverOutput != null) {
            out.addAll(mapper.serverOutput(serverOutput));
        }
        for (JsonNode error : errors) {
            out.addAll(mapper.error(error));
        }
        if (ended) {
            out.addAll(mapper.end());
        }
        if (mapper.testActive() && mapper.test() > testBefore) {
            out.add(mapper.failure("JSON document of test " + mapper.test() + " has no end"));
            mapper.abandonTest();
        }
        return out;
    }

    private static String reason(Exception e) {
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return e instanceof NotADocument ? "not an iperf3 document" : String.valueOf(e.getMessage());
    }

    @Override
    public List<Iperf3Event> finish() {
        List<Iperf3Event> out = new ArrayList<>();
        if (inDocument && !skipping && buffer.length() > 0) {
            out.addAll(read(buffer.toString(), false));
        } else {
            out.addAll(mapper.finish());
        }
        reset();
        return out;
    }

    /** The text between the braces is JSON but not the shape iperf3 prints. */
    private static final class NotADocument extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotADocument() {
            super("not an iperf3 document", null, false, false);
        }
    }
}
