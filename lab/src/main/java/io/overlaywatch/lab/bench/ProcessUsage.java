package io.overlaywatch.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and CPU time of one process, from {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}.
 *
 * @param rssKiB     resident set size now (VmRSS)
 * @param peakRssKiB highest resident set size so far (VmHWM)
 * @param cpuTicks   user plus system CPU time of the process itself, in clock ticks (children not included)
 */
public record ProcessUsage(long rssKiB, long peakRssKiB, long cpuTicks) {

    /** Clock ticks per second of {@code /proc/<pid>/stat}; USER_HZ is 100 on every Linux architecture we run on. */
    public static final int TICKS_PER_SECOND = 100;

    /**
     * Reads the process's files now.
     *
     * @throws IOException when the process is gone, also when it has exited and not yet been reaped (a zombie keeps
     *                     its /proc entry but no memory lines)
     */
    public static ProcessUsage of(long pid) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        String status = Files.readString(dir.resolve("status"));
        if (exited(status)) {
            throw new IOException("process " + pid + " has exited");
        }
        return parse(status, Files.readString(dir.resolve("stat")));
    }

    /** Whether the status says zombie (Z) or dead (X). */
    private static boolean exited(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("State:")) {
                String state = line.substring("State:".length()).trim();
                return state.startsWith("Z") || state.startsWith("X");
            }
        }
        return false;
    }

    /** Parses the two files' text. */
    static ProcessUsage parse(String status, String stat) {
        return new ProcessUsage(kib(status, "VmRSS:"), kib(status, "VmHWM:"), cpuTicks(stat));
    }

    /** CPU time in seconds. */
    public double cpuSeconds() {
        return (double) cpuTicks / TICKS_PER_SECOND;
    }

    private static long kib(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] fields = line.substring(key.length()).trim().split("\\s+");
                if (fields.length != 2 || !fields[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected " + key + " line in /proc/<pid>/status: " + line);
                }
                return Long.parseLong(fields[0]);
            }
        }
        throw new IllegalArgumentException("no " + key + " line in /proc/<pid>/status");
    }

    private static long cpuTicks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces or parentheses: count from the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat.trim());
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // After the name: state is field 3, so utime (field 14) and stime (field 15) are at 11 and 12.
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + stat.trim());
        }
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
