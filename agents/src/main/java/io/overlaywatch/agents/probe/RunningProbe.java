package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.iperf3.Iperf3Event;
import io.overlaywatch.agents.iperf3.Iperf3Failure;
import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.agents.iperf3.Iperf3OutputParser;
import io.overlaywatch.agents.iperf3.Iperf3Parsers;
import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An iperf3 process being read: one thread per output stream feeds the parser as lines appear,
 * a watchdog kills iperf3 on a stall or past its deadline, and the result completes when all is done.
 */
public final class RunningProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningProbe.class);
    private static final int STDERR_TAIL = 20;
    private static final Duration KILL_GRACE = Duration.ofSeconds(2);
    private static final Duration READER_JOIN = Duration.ofSeconds(5);
    /**
     * The watchdog wakes for the next stall or deadline check, and at least this often, so that a stopped iperf3
     * that does not exit is killed; at 200 ms it woke the agent 5 times a second during a test.
     */
    private static final long MAX_POLL_MILLIS = 1000;
    /** How long the end of a run waits for queued records to reach a slow sink (e.g. Kafka unreachable). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Object END_OF_RECORDS = new Object();

    /** Why the watchdog ended the process, when it had to. */
    private enum Kill { STALL, NO_CLIENT, DEADLINE, STOPPED }

    private final Iperf3Probe probe;
    private final Process process;
    private final boolean jsonStream;
    private final Iperf3OutputParser parser;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    private final CountDownLatch listening = new CountDownLatch(1);
    private final AtomicInteger intervals = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger sendFailures = new AtomicInteger();
    // Records go through a queue to their own thread, so that a sink that blocks (Kafka metadata
    // for an unreachable broker) never holds up reading iperf3 or fakes a stall.
    private final BlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private volatile boolean abandonOutbox;
    private final Set<String> failures = new LinkedHashSet<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile long lastOutputNanos = startNanos;
    private volatile boolean testStarted;
    private volatile boolean stopRequested;
    private Thread stdoutReader;
    private Thread stderrReader;
    private Thread sender;

    private RunningProbe(Iperf3Probe probe, Process process, Iperf3Version version, Iperf3OutputParser parser) {
        this.probe = probe;
        this.process = process;
        this.jsonStream = version.hasJsonStream();
        this.parser = parser;
    }

    static RunningProbe start(Iperf3Probe probe, Iperf3Version version) throws IOException {
        boolean jsonStream = version.hasJsonStream();
        List<String> command = probe.command(jsonStream);
        // Parser and wire codec loaded and used once before iperf3 runs: class loading and the codec's first use
        // are a burst of CPU that would otherwise fall into the first seconds of the test and lower its result.
        Iperf3OutputParser parser = Iperf3Parsers.forVersion(version, probe.clock, probe.zone);
        WireCodec.encode(probe.labels.toSample(new Iperf3Interval(0, probe.clock.getAsLong(),
                probe.udp ? Protocol.UDP : Protocol.TCP,
                Side.SENDER, "warm-up", false, 0, 1, false, 0, 0, null, null, null, null, null, null)));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        // iperf3 reads nothing from stdin; closing it at once keeps it from ever waiting there.
        process.getOutputStream().close();
        LOG.info("{}: started {} (iperf3 {}, pid {})", probe.describe(), String.join(" ", command),
                version, process.pid());
        RunningProbe running = new RunningProbe(probe, process, version, parser);
        running.startThreads();
        return running;
    }

    private void startThreads() {
        String name = "iperf3-" + probe.role.name().toLowerCase(java.util.Locale.ROOT) + "-" + probe.port;
        stdoutReader = thread(name + "-out", () -> read(process.getInputStream(), this::onStdout, true));
        stderrReader = thread(name + "-err", () -> read(process.getErrorStream(), this::onStderr, false));
        sender = thread(name + "-send", this::sendQueued);
        thread(name + "-watch", this::watch);
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void read(InputStream stream, Consumer<String> onLine, boolean finishParser) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lastOutputNanos = System.nanoTime();
                onLine.accept(line);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed; what was read is kept.
            LOG.debug("{}: output stream closed: {}", probe.describe(), e.toString());
        } finally {
            if (finishParser) {
                handle(parser.finish());
            }
        }
    }

    private void onStdout(String line) {
        LOG.debug("{} | {}", probe.describe(), line);
        if (!jsonStream && line.startsWith("Server listening on")) {
            listening.countDown();
        } else if (!testStarted && !line.isBlank() && !line.startsWith("-----")) {
            // A server prints nothing but its banner until a client connects: anything else means a test began.
            testStarted = true;
        }
        try {
            handle(parser.feed(line));
        } catch (RuntimeException e) {
            // Parsers do not throw on bad input; if one does, the run is reported as failed, not silently short.
            addFailure("cannot parse iperf3 output line '" + line + "': " + e);
        }
    }

    private void onStderr(String line) {
        LOG.debug("{} ! {}", probe.describe(), line);
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_TAIL) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    private void handle(List<Iperf3Event> events) {
        for (Iperf3Event event : events) {
            if (event instanceof Iperf3Interval interval) {
                testStarted = true;
                intervals.incrementAndGet();
                outbox.add(probe.labels.toSample(interval));
            } else if (event instanceof Iperf3Failure failure) {
                addFailure(failure.message());
            }
        }
    }

    private void addFailure(String message) {
        synchronized (failures) {
            failures.add(message);
        }
    }

    private void sendQueued() {
        try {
            Object next;
            while ((next = outbox.take()) != END_OF_RECORDS && !abandonOutbox) {
                WireRecord record = (WireRecord) next;
                try {
                    probe.sink.send(record);
                    if (record instanceof Sample) {
                        samples.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    if (sendFailures.incrementAndGet() == 1) {
                        LOG.error("{}: cannot hand a record to the sink: {}", probe.describe(), e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues the last record, then waits a bounded time for the queue to reach the sink. */
    private int drain(WireRecord last) throws InterruptedException {
        if (last != null) {
            outbox.add(last);
        }
        outbox.add(END_OF_RECORDS);
        sender.join(DRAIN_TIMEOUT.toMillis());
        if (!sender.isAlive()) {
            return 0;
        }
        abandonOutbox = true;
        sender.interrupt();
        int left = (int) outbox.stream().filter(WireRecord.class::isInstance).count() + 1;
        LOG.error("{}: the sink took more than {} s; about {} records were not sent", probe.describe(),
                DRAIN_TIMEOUT.toSeconds(), left);
        return left;
    }

    private void watch() {
        try {
            Kill kill = null;
            while (!process.waitFor(pollMillis(), TimeUnit.MILLISECONDS)) {
                kill = overdue();
                if (kill != null) {
                    break;
                }
            }
            if (kill == null && stopRequested) {
                kill = Kill.STOPPED;
            }
            if (kill != null) {
                terminate();
            }
            stdoutReader.join(READER_JOIN.toMillis());
            stderrReader.join(READER_JOIN.toMillis());
            result.complete(finish(kill));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            abandonOutbox = true;
            sender.interrupt();
            result.completeExceptionally(e);
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            outbox.add(END_OF_RECORDS);
            result.completeExceptionally(e);
        }
    }

    private Kill overdue() {
        if (stopRequested) {
            return Kill.STOPPED;
        }
        long now = System.nanoTime();
        Duration stall = currentStallLimit();
        if (!stall.isZero() && now - lastOutputNanos >= stall.toNanos()) {
            return probe.role == Iperf3Probe.Role.SERVER && !testStarted ? Kill.NO_CLIENT : Kill.STALL;
        }
        if (!probe.deadline.isZero() && now - startNanos >= probe.deadline.toNanos()) {
            return Kill.DEADLINE;
        }
        return null;
    }

    /** A server waiting for its client is held to the wait; once a test runs, to the stall timeout. */
    private Duration currentStallLimit() {
        return probe.role == Iperf3Probe.Role.SERVER && !testStarted ? probe.waitForClient : probe.stallTimeout;
    }

    private long pollMillis() {
        long now = System.nanoTime();
        long wait = MAX_POLL_MILLIS;
        Duration stall = currentStallLimit();
        if (!stall.isZero()) {
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(lastOutputNanos + stall.toNanos() - now));
        }
        if (!probe.deadline.isZero()) {
            wait = Math.min(wait, TimeUnit.NANOSECONDS.toMillis(startNanos + probe.deadline.toNanos() - now));
        }
        return Math.max(5, wait);
    }

    private void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private ProbeResult finish(Kill kill) throws InterruptedException {
        Integer exitCode = kill == null && !process.isAlive() ? process.exitValue() : null;
        String reason = reason(kill, exitCode);
        boolean stopped = kill == Kill.STOPPED;
        List<String> errors = new ArrayList<>();
        if (reason != null) {
            errors.add(reason);
        }
        int unsent = drain(reason == null ? null : probe.labels.toError(probe.clock.getAsLong(), reason, exitCode));
        if (reason != null) {
            LOG.warn("{} failed: {} (exit code {}, {} samples sent)", probe.describe(), reason,
                    exitCode == null ? "none, killed by the agent" : exitCode, samples.get());
        } else if (stopped) {
            LOG.info("{}: stopped before a client connected", probe.describe());
        } else {
            LOG.info("{}: finished, {} samples sent", probe.describe(), samples.get());
        }
        if (sendFailures.get() > 0 || unsent > 0) {
            errors.add((sendFailures.get() + unsent) + " records could not be handed to the sink");
        }
        return new ProbeResult(exitCode, samples.get(), errors, stopped);
    }

    /** One line saying what went wrong, in iperf3's words when it gave any; null when nothing did. */
    private String reason(Kill kill, Integer exitCode) {
        String errorLine = iperf3ErrorLine();
        String parsed;
        synchronized (failures) {
            parsed = failures.isEmpty() ? null : String.join("; ", failures);
        }
        String said = errorLine != null ? errorLine : parsed != null ? parsed : lastStderrLine();
        String tail = said == null ? "" : "; iperf3 said: " + said;
        if (kill != null) {
            return switch (kill) {
                case STALL -> "iperf3 printed nothing for " + probe.stallTimeout.toSeconds()
                        + " s (stall timeout) and was killed" + tail;
                case NO_CLIENT -> "no client connected to the iperf3 server on port " + probe.port + " within "
                        + probe.waitForClient.toSeconds() + " s; the server was stopped" + tail;
                case DEADLINE -> "iperf3 was still running " + probe.deadline.toSeconds()
                        + " s after it started (deadline) and was killed" + tail;
                case STOPPED -> testStarted ? "stopped by the agent before the test finished" + tail : null;
            };
        }
        // iperf3 sometimes exits 0 after an error (a server whose client vanished): its error line decides too.
        if (exitCode != 0 || parsed != null || errorLine != null) {
            String why = said != null ? said : "iperf3 exited with code " + exitCode + " without saying why";
            return why + signal(exitCode);
        }
        if (intervals.get() == 0) {
            return "iperf3 exited without reporting any interval";
        }
        return null;
    }

    private static String signal(int exitCode) {
        return exitCode > 128 && exitCode < 160 ? " (iperf3 was killed by signal " + (exitCode - 128) + ")" : "";
    }

    /** iperf3's own error line from stderr ({@code iperf3: error - ...}); it prints nothing else there with that prefix. */
    private String iperf3ErrorLine() {
        synchronized (stderrTail) {
            String found = null;
            for (String line : stderrTail) {
                String trimmed = line.strip();
                if (trimmed.startsWith("iperf3:") && !trimmed.equals("iperf3: exiting")) {
                    found = trimmed;
                }
            }
            return found;
        }
    }

    private String lastStderrLine() {
        synchronized (stderrTail) {
            String last = null;
            for (String line : stderrTail) {
                if (!line.isBlank()) {
                    last = line.strip();
                }
            }
            return last;
        }
    }

    /**
     * Waits until a server listens (its "Server listening" line, or its port in /proc/net with --json-stream);
     * false when the wait ran out or iperf3 ended first.
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        if (probe.role != Iperf3Probe.Role.SERVER) {
            throw new IllegalStateException("only a server listens; this is " + probe.describe());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (listening.await(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(25))), TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (jsonStream && probe.launcher.isEmpty() && ListeningPorts.isListening(probe.port)) {
                return true;
            }
            if (!process.isAlive() || left <= 0) {
                return false;
            }
        }
    }

    /** Waits for the end of the run: iperf3 exited or was killed, all output read, errors sent. */
    public ProbeResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(probe.describe() + " failed in the agent", e.getCause());
        }
    }

    /** Like {@link #await()}, but gives up after the timeout. */
    public Optional<ProbeResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(probe.describe() + " failed in the agent", e.getCause());
        }
    }

    /** The result as a future, for callers that compose. */
    public CompletableFuture<ProbeResult> result() {
        return result.copy();
    }

    /** Asks iperf3 to stop (SIGTERM, then SIGKILL); a server still waiting for its client stops without an error. */
    public void stop() {
        stopRequested = true;
        process.destroy();
    }

    public boolean isRunning() {
        return !result.isDone();
    }

    /** The iperf3 process id. */
    public long pid() {
        return process.pid();
    }

    public Iperf3Probe probe() {
        return probe;
    }

    /** Stops iperf3 if it still runs and waits for the end. */
    @Override
    public void close() throws InterruptedException {
        if (isRunning()) {
            stop();
        }
        await();
    }
}
