package io.overlaywatch.jobs.eval;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the captured runs listed in an {@code index.tsv} (from the classpath's {@code eval/} or a folder):
 * iperf3 3.12 text output as printed with {@code --forceflush}, interval lines only.
 */
public final class RecordedRuns {

    /** {@code [  5]   1.00-2.00   sec  2.87 GBytes  24.6 Gbits/sec ...}, with UDP receivers' jitter and loss after it. */
    private static final Pattern INTERVAL = Pattern.compile(
            "^\\[\\s*(\\d+)]\\s+([\\d.]+)-([\\d.]+)\\s+sec\\s+[\\d.]+\\s+\\w?Bytes\\s+([\\d.]+)\\s+(\\w?)bits/sec(.*)$");
    private static final Pattern UDP_LOSS = Pattern.compile("^\\s+[\\d.]+\\s+ms\\s+(\\d+)/(\\d+)\\s.*");

    private RecordedRuns() {
    }

    /** The runs shipped with the jobs jar under {@code eval/}. */
    public static List<RecordedRun> bundled() {
        return load(name -> {
            InputStream in = RecordedRuns.class.getClassLoader().getResourceAsStream("eval/" + name);
            if (in == null) {
                throw new IllegalStateException("resource eval/" + name + " is missing from the classpath");
            }
            return in;
        });
    }

    /** The runs listed in {@code dir/index.tsv}. */
    public static List<RecordedRun> from(Path dir) {
        return load(name -> {
            try {
                return Files.newInputStream(dir.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(name), e);
            }
        });
    }

    interface Opener {
        InputStream open(String name);
    }

    private static List<RecordedRun> load(Opener opener) {
        List<RecordedRun> runs = new ArrayList<>();
        for (String line : lines(opener.open("index.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length < 7) {
                throw new IllegalArgumentException("index.tsv: expected name, file, protocol, side, use, seconds,"
                        + " command; got: " + line);
            }
            String name = f[0];
            String file = f[1];
            Protocol protocol = Protocol.valueOf(f[2].toUpperCase(Locale.ROOT));
            Side side = Side.valueOf(f[3].toUpperCase(Locale.ROOT));
            String use = f[4];
            if (!use.equals("noise") && !use.equals("switch")) {
                throw new IllegalArgumentException("index.tsv: use must be noise or switch, was " + use);
            }
            int[][] segments = segments(f[5], file);
            if (use.equals("switch") && segments.length != 2) {
                throw new IllegalArgumentException("index.tsv: a switch run needs two second ranges, was " + f[5]);
            }
            List<List<RecordedRun.Interval>> seconds = parse(lines(opener.open(file)), file);
            int from = segments[0][0];
            int to = segments[segments.length - 1][1];
            if (to > seconds.size()) {
                throw new IllegalArgumentException(file + ": seconds " + f[5] + " beyond its " + seconds.size()
                        + " seconds");
            }
            runs.add(new RecordedRun(name, protocol, side, use, seconds,
                    use.equals("noise") ? new int[][] {{from, to}} : segments, f[6]));
        }
        return runs;
    }

    /** {@code 2-300} or, for a level change, {@code 2-140,150-300}. */
    private static int[][] segments(String text, String file) {
        String[] parts = text.split(",");
        int[][] segments = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] range = parts[i].split("-");
            segments[i] = new int[] {Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim())};
            if (segments[i][1] <= segments[i][0]) {
                throw new IllegalArgumentException(file + ": empty second range " + parts[i]);
            }
        }
        return segments;
    }

    /**
     * Interval lines grouped by their start second, up to the first second without one; summary lines, [SUM]
     * and fragments shorter than 0.5 s left out.
     */
    static List<List<RecordedRun.Interval>> parse(List<String> lines, String file) {
        Map<Integer, List<RecordedRun.Interval>> bySecond = new TreeMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.endsWith("sender") || trimmed.endsWith("receiver") || trimmed.contains("(omitted)")) {
                continue;
            }
            Matcher m = INTERVAL.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double start = Double.parseDouble(m.group(2));
            double end = Double.parseDouble(m.group(3));
            if (end - start < 0.5) {
                continue;
            }
            double bps = Double.parseDouble(m.group(4)) * scale(m.group(5));
            Long lost = null;
            Long packets = null;
            Matcher loss = UDP_LOSS.matcher(m.group(6));
            if (loss.matches()) {
                lost = Long.parseLong(loss.group(1));
                packets = Long.parseLong(loss.group(2));
            }
            bySecond.computeIfAbsent((int) Math.round(start), s -> new ArrayList<>())
                    .add(new RecordedRun.Interval(m.group(1), end - start, bps, lost, packets));
        }
        List<List<RecordedRun.Interval>> seconds = new ArrayList<>();
        int expected = 0;
        for (Map.Entry<Integer, List<RecordedRun.Interval>> e : bySecond.entrySet()) {
            if (e.getKey() != expected) {
                // iperf3 reports late, longer intervals when it was not scheduled: the regular part ends here.
                break;
            }
            seconds.add(e.getValue());
            expected++;
        }
        if (seconds.isEmpty()) {
            throw new IllegalArgumentException(file + ": no iperf3 interval lines");
        }
        return seconds;
    }

    private static double scale(String prefix) {
        return switch (prefix) {
            case "" -> 1;
            case "K" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            default -> throw new IllegalArgumentException("unknown unit prefix " + prefix);
        };
    }

    private static List<String> lines(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
