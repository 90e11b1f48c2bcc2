package io.overlaywatch.agents.iperf3;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/** One folder of {@code src/test/resources/iperf3/}: real iperf3 output, how to read it, and the expected events. */
record GoldenCase(String name, Path folder, Path input, String parser, long clockBase, long clockStep, ZoneId zone) {

    static final String EXPECTED = "expected.jsonl";

    static Path root() {
        URL url = GoldenCase.class.getResource("/iperf3");
        if (url == null) {
            throw new IllegalStateException("no iperf3 folder among the test resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<GoldenCase> all() {
        try (Stream<Path> folders = Files.list(root())) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("case.properties")))
                    .sorted()
                    .map(GoldenCase::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoldenCase load(Path folder) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve("case.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GoldenCase(folder.getFileName().toString(), folder, folder.resolve(p.getProperty("input")),
                p.getProperty("parser"), Long.parseLong(p.getProperty("clock")),
                Long.parseLong(p.getProperty("clockStep", "0")), ZoneId.of(p.getProperty("zone", "UTC")));
    }

    boolean isText() {
        return parser.equals("text");
    }

    /** A clock that returns the base first and then moves by the step at every reading, like tests in a row. */
    LongSupplier clock() {
        AtomicLong next = new AtomicLong(clockBase);
        return () -> next.getAndAdd(clockStep);
    }

    /** The parser this case names, made by the public factory. */
    Iperf3OutputParser directParser() {
        return switch (parser) {
            case "text" -> Iperf3Parsers.text(clock(), zone);
            case "json-stream" -> Iperf3Parsers.jsonStream();
            case "json-document" -> Iperf3Parsers.jsonDocument();
            default -> throw new IllegalArgumentException("unknown parser '" + parser + "' in " + name);
        };
    }

    List<String> inputLines() {
        try {
            return Files.readAllLines(input, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Iperf3Event> expected() {
        try {
            return Files.readAllLines(folder.resolve(EXPECTED), StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .map(Iperf3EventJson::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds the input line by line, as a running iperf3 prints it, then finishes. */
    List<Iperf3Event> run(Iperf3OutputParser parser) {
        List<Iperf3Event> events = new ArrayList<>();
        for (String line : inputLines()) {
            events.addAll(parser.feed(line));
        }
        events.addAll(parser.finish());
        return events;
    }

    @Override
    public String toString() {
        return name;
    }
}
