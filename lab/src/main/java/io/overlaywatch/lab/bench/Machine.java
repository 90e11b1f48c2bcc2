package io.overlaywatch.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The machine a result was measured on, at the moment it was measured: other work on a shared machine shows in
 * the load average, so every result carries one.
 *
 * @param cores  processors available to this JVM
 * @param load1  load average over 1 minute
 * @param load5  over 5 minutes
 * @param load15 over 15 minutes
 * @param date   when, UTC, ISO-8601
 */
public record Machine(int cores, double load1, double load5, double load15, String date) {

    private static final Path LOADAVG = Path.of("/proc/loadavg");

    /** Now, from {@code /proc/loadavg}. */
    public static Machine now() {
        String loadavg;
        try {
            loadavg = Files.readString(LOADAVG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LOADAVG + ": " + e.getMessage(), e);
        }
        return of(Runtime.getRuntime().availableProcessors(), loadavg,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Parses the first three fields of a {@code /proc/loadavg} line, e.g. {@code 0.52 1.01 1.54 2/345 6789}. */
    static Machine of(int cores, String loadavg, String date) {
        String[] fields = loadavg.trim().split("\\s+");
        if (fields.length < 3) {
            throw new IllegalArgumentException("not a /proc/loadavg line: '" + loadavg.trim() + "'");
        }
        return new Machine(cores, Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]), date);
    }

    /** {@code 2 cores, load 0.52 1.01 1.54}. */
    public String describe() {
        return String.format("%d cores, load %.2f %.2f %.2f", cores, load1, load5, load15);
    }
}
