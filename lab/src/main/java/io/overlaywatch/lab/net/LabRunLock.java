package io.overlaywatch.lab.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Marks a lab run's prefix as in use by this process, so that {@code lab cleanup} run meanwhile
 * leaves a live run's namespaces alone and removes only what dead runs left behind.
 */
public final class LabRunLock implements AutoCloseable {

    /** Where the marks live: a tmpfs that a reboot empties, as it empties the namespaces. */
    static final Path DIR = Path.of("/run/overlaywatch-lab");

    private final Path file;

    private LabRunLock(Path file) {
        this.file = file;
    }

    /** Marks {@code prefix} as owned by this process. */
    public static LabRunLock acquire(String prefix) {
        LabNames.requireValidPrefix(prefix);
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(prefix + "pid");
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
            return new LabRunLock(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark the lab run " + prefix + " in " + DIR, e);
        }
    }

    /** The live process, other than this one, that owns {@code prefix}, if any. */
    static Optional<Long> otherOwner(String prefix) {
        Path file = DIR.resolve(prefix + "pid");
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive && pid != ProcessHandle.current().pid() ? Optional.of(pid) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // no mark, or a broken one: nobody can be using it
        }
    }

    /** Deletes the marks of runs whose process is gone, e.g. one killed before it could clean up. */
    static void removeStale() {
        if (!Files.isDirectory(DIR)) {
            return;
        }
        try (var marks = Files.list(DIR)) {
            for (Path mark : marks.toList()) {
                String name = mark.getFileName().toString();
                String prefix = name.substring(0, name.length() - "pid".length());
                if (name.endsWith("pid") && otherOwner(prefix).isEmpty()
                        && !owner(mark).equals(Optional.of(ProcessHandle.current().pid()))) {
                    Files.deleteIfExists(mark);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy the lab run marks in " + DIR, e);
        }
    }

    private static Optional<Long> owner(Path mark) {
        try {
            return Optional.of(Long.parseLong(Files.readString(mark).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the lab run mark " + file, e);
        }
    }
}
