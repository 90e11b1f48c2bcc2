package io.overlaywatch.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU ticks of each thread of this JVM, from {@code /proc/self/task/<tid>/stat}: where the CPU of a phase went, by
 * thread name (the kernel keeps 15 characters of it; digits are folded so that the subtasks of one operator, or the
 * GC's workers, add up).
 */
final class ThreadCpu {

    private final Map<Long, Long> ticks;
    private final Map<Long, String> names;

    private ThreadCpu(Map<Long, Long> ticks, Map<Long, String> names) {
        this.ticks = ticks;
        this.names = names;
    }

    static ThreadCpu now() throws IOException {
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    long tid = Long.parseLong(task.getFileName().toString());
                    ticks.put(tid, ProcessUsage.parse("VmRSS:\t0 kB\nVmHWM:\t0 kB\n", stat).cpuTicks());
                    names.put(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                } catch (NoSuchFileException ended) {
                    // The thread ended while the list was read.
                }
            }
        }
        return new ThreadCpu(ticks, names);
    }

    /** CPU seconds since {@code before}, by folded thread name, largest first, at most {@code top} entries. */
    Map<String, Double> since(ThreadCpu before, int top) {
        Map<String, Double> seconds = new HashMap<>();
        ticks.forEach((tid, t) -> {
            double used = (t - before.ticks.getOrDefault(tid, 0L)) / (double) ProcessUsage.TICKS_PER_SECOND;
            seconds.merge(fold(names.get(tid)), used, Double::sum);
        });
        Map<String, Double> largest = new LinkedHashMap<>();
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> largest.put(e.getKey(), e.getValue()));
        return largest;
    }

    static String fold(String name) {
        return name.replaceAll("\\d+", "N");
    }
}
