package io.overlaywatch.lab.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs the lab's commands ({@code ip}, {@code ip netns exec}, {@code iptables-restore}, {@code nft -f -}) with stdin and a timeout. */
public final class Commands {

    /** Long enough for 82 namespaces or 400,000 rules; short enough that a wedged command cannot hang a sweep. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    // Root's PATH is not always set up with the sbin folders where ip, nft and iptables live (e.g. under sudo -E).
    private static final List<String> EXTRA_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    // "Command failed -:5" (ip -batch), "line 5 failed" (iptables-restore): point at the line of stdin that failed.
    private static final Pattern FAILED_LINE = Pattern.compile("(?:Command failed -:|line )(\\d+)");

    private static final int MAX_STDERR_IN_MESSAGE = 2000;

    private Commands() {
    }

    /** Runs {@code command} with no stdin and the default timeout; throws {@link CommandException} unless it exits 0. */
    public static CommandResult run(List<String> command) {
        return run(command, null, DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} with {@code stdin} (null for none) and the default timeout; throws unless it exits 0. */
    public static CommandResult run(List<String> command, String stdin) {
        return run(command, stdin, DEFAULT_TIMEOUT);
    }

    /** Runs {@code command}; throws {@link CommandException} naming the command line and its stderr unless it exits 0. */
    public static CommandResult run(List<String> command, String stdin, Duration timeout) {
        CommandResult result = attempt(command, stdin, timeout);
        if (!result.succeeded()) {
            throw failure(result, stdin);
        }
        return result;
    }

    /** Runs {@code command} and returns how it ended whatever its exit code; throws only when it cannot start or times out. */
    public static CommandResult attempt(List<String> command, String stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", searchPath());
        // Messages are parsed and shown to people: keep them in English whatever the host's locale.
        builder.environment().put("LC_ALL", "C");
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException(command, "cannot start `" + commandLine(command) + "`: " + e.getMessage(), e);
        }
        // Drain both pipes while stdin is written, so a chatty command cannot block on a full pipe.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The command exited before reading everything: its exit code and stderr tell why.
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CommandException(command, "`" + commandLine(command) + "` timed out after "
                        + timeout.toMillis() + " ms" + stderrPart(err.getNow("")), null);
            }
            String stdout = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String stderr = err.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new CommandResult(command, process.exitValue(), stdout, stderr, (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(command, "interrupted while running `" + commandLine(command) + "`", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new CommandException(command, "cannot read the output of `" + commandLine(command) + "`", e);
        }
    }

    /** {@code ip netns exec NS command...}: runs {@code command} inside namespace {@code ns}. */
    public static List<String> inNamespace(String ns, List<String> command) {
        List<String> wrapped = new ArrayList<>(command.size() + 4);
        wrapped.addAll(List.of("ip", "netns", "exec", ns));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    /** Where {@code program} is found on the PATH the lab's commands run with. */
    public static Optional<Path> which(String program) {
        for (String dir : searchPath().split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The PATH the lab's commands run with: the caller's, then the usual sbin and bin folders. */
    static String searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(EXTRA_PATH);
        return String.join(":", dirs);
    }

    /** The command line as a person would type it, for messages. */
    public static String commandLine(List<String> command) {
        return command.stream()
                .map(arg -> arg.isEmpty() || arg.matches(".*[\\s'\"$`\\\\].*") ? "'" + arg.replace("'", "'\\''") + "'" : arg)
                .collect(Collectors.joining(" "));
    }

    static CommandException failure(CommandResult result, String stdin) {
        StringBuilder message = new StringBuilder()
                .append('`').append(commandLine(result.command())).append("` exited with ").append(result.exitCode())
                .append(" after ").append(result.millis()).append(" ms");
        message.append(stderrPart(result.stderr()));
        failedStdinLine(result.stderr(), stdin).ifPresent(line -> message.append(" [failing input line: ").append(line).append(']'));
        return new CommandException(result.command(), result.exitCode(), result.stderr(), message.toString());
    }

    private static String stderrPart(String stderr) {
        String trimmed = stderr == null ? "" : stderr.strip();
        if (trimmed.isEmpty()) {
            return " (no stderr)";
        }
        if (trimmed.length() > MAX_STDERR_IN_MESSAGE) {
            trimmed = trimmed.substring(0, MAX_STDERR_IN_MESSAGE) + "...";
        }
        return ": " + trimmed;
    }

    private static Optional<String> failedStdinLine(String stderr, String stdin) {
        if (stdin == null || stderr == null) {
            return Optional.empty();
        }
        Matcher m = FAILED_LINE.matcher(stderr);
        if (!m.find()) {
            return Optional.empty();
        }
        int number = Integer.parseInt(m.group(1));
        List<String> lines = stdin.lines().toList();
        if (number < 1 || number > lines.size()) {
            return Optional.empty();
        }
        return Optional.of(lines.get(number - 1));
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "lab-command-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
