package io.overlaywatch.agents.counters;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One folder of {@code src/test/resources/counters/}: a real {@code /proc/net} file (or a metrics page), the parser
 * that reads it, and the readings expected with the default subset ({@code expected.jsonl}) and, for {@code /proc}
 * files, with every field ({@code expected-all.jsonl}).
 */
record CounterGoldenCase(String name, Path folder, String parser) {

    static final String EXPECTED = "expected.jsonl";
    static final String EXPECTED_ALL = "expected-all.jsonl";

    // NaN is what a summary prints for a quantile with no observations; the expected files spell it so.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** One expected line: what a reading must equal. */
    record Expected(String name, Map<String, String> labels, double value) {

        Reading reading() {
            return new Reading(name, labels, value, OptionalLong.empty());
        }
    }

    static Path root() {
        URL url = CounterGoldenCase.class.getResource("/counters");
        if (url == null) {
            throw new IllegalStateException("no counters folder among the test resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<CounterGoldenCase> all() {
        try (Stream<Path> folders = Files.list(root())) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("case.properties")))
                    .sorted()
                    .map(CounterGoldenCase::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CounterGoldenCase named(String name) {
        return load(root().resolve(name));
    }

    static CounterGoldenCase load(Path folder) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(folder.resolve("case.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CounterGoldenCase(folder.getFileName().toString(), folder, p.getProperty("parser"));
    }

    boolean isProc() {
        return !parser.equals("felix") && !parser.equals("cilium");
    }

    String input() {
        return read(folder.resolve("input.txt"));
    }

    /** The parser this case names, with its default subset or with everything. */
    CounterParser parser(boolean all) {
        return switch (parser) {
            case "netdev" -> all ? ProcNetDevParser.all() : ProcNetDevParser.defaults();
            case "snmp", "netstat" -> all ? ProcNetSnmpParser.all() : ProcNetSnmpParser.defaults();
            case "felix" -> all ? PrometheusCounterParser.all() : PrometheusCounterParser.felix();
            case "cilium" -> all ? PrometheusCounterParser.all() : PrometheusCounterParser.cilium();
            default -> throw new IllegalArgumentException("unknown parser '" + parser + "' in " + name);
        };
    }

    List<Reading> expected(boolean all) {
        return read(folder.resolve(all ? EXPECTED_ALL : EXPECTED)).lines()
                .filter(l -> !l.isBlank())
                .map(CounterGoldenCase::expectedLine)
                .map(Expected::reading)
                .toList();
    }

    private static Expected expectedLine(String line) {
        try {
            return JSON.readValue(line, Expected.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bad expected line " + line, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
