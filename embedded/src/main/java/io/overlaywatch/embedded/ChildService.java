package io.overlaywatch.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A server binary run as a child process on loopback, its output in a log file, spoken to over HTTP. */
final class ChildService implements AutoCloseable {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 20;
    // Enough for the servers to find their binaries and time zone; anything else is left out.
    private static final Set<String> KEPT_ENVIRONMENT = Set.of("PATH", "HOME", "TZ", "LANG");

    private final String name;
    private final Process process;
    private final Path logFile;
    private final URI baseUri;
    private final HttpClient http;
    private final ShutdownHook hook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChildService(String name, Process process, Path logFile, URI baseUri) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.baseUri = baseUri;
        this.http = HttpClient.newBuilder()
                // A proxy from the environment would carry loopback requests off the machine.
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        this.hook = ShutdownHook.register(name, this);
    }

    /** Fails with the package to install when a binary the service needs is missing. */
    static void requireExecutable(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing or not executable; install it with"
                    + " `apt-get install -y " + debianPackage + "`");
        }
    }

    /** Starts {@code command} with stdout and stderr appended to {@code logFile}. */
    static ChildService start(String name, List<String> command, Path logFile, URI baseUri) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logFile.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // A clean environment: INFLUXDB_HTTP_BIND_ADDRESS and the like would override the
        // generated configuration and could move a listener off loopback.
        builder.environment().keySet().retainAll(KEPT_ENVIRONMENT);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            return new ChildService(name, process, logFile, baseUri);
        } catch (IllegalStateException jvmExiting) {
            // Started during a Ctrl-C: no shutdown hook can be added any more, so nothing else would stop it.
            process.destroyForcibly();
            throw jvmExiting;
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /**
     * Polls {@code GET path} until {@code ready} accepts the answer; on failure stops the
     * process and throws with the end of its log.
     */
    void awaitHttp(String path, Predicate<HttpResponse<String>> ready) throws InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        HttpRequest probe = request(path).timeout(Duration.ofSeconds(1)).GET().build();
        String lastAnswer = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw failed(name + " exited with code " + process.exitValue() + " before " + probe.uri() + " answered");
            }
            try {
                HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (ready.test(response)) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body().strip();
            } catch (IOException notListeningYet) {
                lastAnswer = notListeningYet.toString();
            }
            if (Instant.now().isAfter(deadline)) {
                throw failed(name + " did not answer " + probe.uri() + " within "
                        + STARTUP_TIMEOUT.toSeconds() + " s (last: " + lastAnswer + ")");
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private IllegalStateException failed(String reason) {
        close();
        return new IllegalStateException(reason + "; last lines of " + logFile + ":\n" + logTail());
    }

    /** A request to {@code pathAndQuery} on this service, with a timeout so that callers never hang. */
    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUri.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT);
    }

    /** Sends {@code request} and returns the body; any answer other than 2xx throws with status and body. */
    String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(name + " answered " + request.method() + " " + request.uri()
                    + " with HTTP " + response.statusCode() + ": " + response.body().strip());
        }
        return response.body();
    }

    /** {@code key=value&...}, URL-encoded, for a query string or a form body; arguments alternate key and value. */
    static String form(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate: " + Arrays.toString(keysAndValues));
        }
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    String logTail() {
        try {
            // new String(...) rather than readAllLines: a half-written last line must not throw.
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines()
                    .collect(Collectors.toList());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Asks the process to stop (SIGTERM, so it can flush), then kills it if it does not. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hook.unregister();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " at " + baseUri + " (pid " + process.pid() + ", log " + logFile + ")";
    }

    /** The command line {@code binary args...}. */
    static List<String> command(Path binary, String... args) {
        return Stream.concat(Stream.of(binary.toString()), Arrays.stream(args)).collect(Collectors.toList());
    }
}
