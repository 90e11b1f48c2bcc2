package io.overlaywatch.agents.counters;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A command's stdout, e.g. {@code ip netns exec NS cat /proc/net/snmp}, with a timeout. */
final class CommandText implements TextSource {

    private static final int STDERR_PREVIEW = 300;
    // Pipes are drained on their own threads, so that a full pipe cannot stall the process past the timeout.
    private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counter-source-pipe");
        t.setDaemon(true);
        return t;
    });

    private final List<String> command;
    private final Duration timeout;

    CommandText(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = requirePositive(timeout);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        requireExecutable(this.command.get(0));
    }

    @Override
    public String read() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Future<byte[]> out = PIPES.submit(() -> drain(process.getInputStream()));
        Future<byte[]> err = PIPES.submit(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(this + " did not finish within " + timeout.toMillis() + " ms");
            }
            byte[] stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                String stderr = new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8)
                        .strip();
                throw new IOException(this + " exited with " + process.exitValue() + ": "
                        + stderr.substring(0, Math.min(STDERR_PREVIEW, stderr.length())));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(this + ": could not read its output: " + e, e);
        } finally {
            // Also when interrupted by a closing collector: never leave the process behind.
            process.destroyForcibly();
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static Duration requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    /** Fails with the name and the PATH searched when the executable is not there. */
    static void requireExecutable(String executable) {
        if (executable.contains("/")) {
            if (!Files.isExecutable(Path.of(executable))) {
                throw new IllegalArgumentException(executable + " is not an executable file");
            }
            return;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return;
            }
        }
        throw new IllegalArgumentException(executable + " not found on PATH (" + path + ")");
    }

    @Override
    public String toString() {
        return "`" + String.join(" ", command) + "`";
    }
}
