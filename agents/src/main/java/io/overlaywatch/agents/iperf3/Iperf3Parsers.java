package io.overlaywatch.agents.iperf3;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** Creates the parser that fits an iperf3 version or output format. */
public final class Iperf3Parsers {

    private static final Pattern JSON_EVENT = Pattern.compile("^\\{\\s*\"event\"\\s*:");

    private Iperf3Parsers() {
    }

    /** iperf3's text output (before 3.17, with {@code --forceflush}); {@code zone} is that of {@code --timestamps}. */
    public static Iperf3OutputParser text(LongSupplier clock, ZoneId zone) {
        return new TextOutputParser(clock, zone);
    }

    /** iperf3's {@code --json-stream} output (3.17 and later). */
    public static Iperf3OutputParser jsonStream() {
        return new JsonStreamParser();
    }

    /** iperf3's {@code -J} output: one JSON document per test, printed when it ends. */
    public static Iperf3OutputParser jsonDocument() {
        return new JsonDocumentParser();
    }

    /** The streaming format this version prints: {@code --json-stream} from 3.17, else text. */
    public static Iperf3OutputParser forVersion(Iperf3Version version, LongSupplier clock, ZoneId zone) {
        Objects.requireNonNull(version, "version");
        return version.hasJsonStream() ? new JsonStreamParser(clock) : new TextOutputParser(clock, zone);
    }

    /**
     * A parser that picks the format from the first non-blank line: {@code {"event"} is {@code --json-stream},
     * another {@code {} a {@code -J} document, anything else text. For replaying saved output.
     */
    public static Iperf3OutputParser autodetect(LongSupplier clock, ZoneId zone) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
        return new Iperf3OutputParser() {
            private Iperf3OutputParser delegate;

            @Override
            public List<Iperf3Event> feed(String line) {
                if (delegate == null) {
                    if (line == null || line.isBlank()) {
                        return List.of();
                    }
                    String stripped = line.strip();
                    delegate = JSON_EVENT.matcher(stripped).lookingAt() ? new JsonStreamParser(clock)
                            : stripped.startsWith("{") ? new JsonDocumentParser(clock)
                            : new TextOutputParser(clock, zone);
                }
                return delegate.feed(line);
            }

            @Override
            public List<Iperf3Event> finish() {
                return delegate == null ? List.of() : delegate.finish();
            }
        };
    }
}
