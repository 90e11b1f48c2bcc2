package io.overlaywatch.agents.counters;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads a node's counter sources every period and sends each value as a {@link Counter} through a sink. A source
 * that fails is logged once (until it recovers) and counted, and never stops the others; a value the wire format
 * cannot carry (NaN, infinite, negative) and a line the parser could not read are skipped with a reason.
 *
 * <p>The collector does not own the sink: closing it stops the readings, the caller closes the sink.
 */
public final class CounterCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CounterCollector.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    // Skips are logged once per counter; past this many distinct ones per source they are only counted.
    private static final int MAX_LOGGED_SKIPS = 100;

    private final String run;
    private final String node;
    private final List<CounterSource> sources;
    private final RecordSink sink;
    private final LongSupplier clock;
    private final Map<String, SourceState> states = new LinkedHashMap<>();

    private final Object lifecycle = new Object();
    private ScheduledExecutorService timer;
    private boolean closed;

    private long rounds;
    private long sent;
    private long skipped;

    /**
     * @param run     the run the counters belong to, or {@code live}
     * @param node    the node (or lab namespace) they are read on
     * @param sources what to read, each with a distinct name
     * @param sink    where the counters go; shared, not closed by the collector
     * @param clock   epoch milliseconds, read after each source's text was read
     */
    public CounterCollector(String run, String node, List<CounterSource> sources, RecordSink sink, LongSupplier clock) {
        this.run = requireText("run", run);
        this.node = requireText("node", node);
        this.sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.sources.isEmpty()) {
            throw new IllegalArgumentException("no counter sources for node " + node);
        }
        for (CounterSource source : this.sources) {
            if (states.put(source.name(), new SourceState()) != null) {
                throw new IllegalArgumentException("two counter sources named " + source.name() + " for node " + node);
            }
        }
    }

    /** A collector on the system clock. */
    public CounterCollector(String run, String node, List<CounterSource> sources, RecordSink sink) {
        this(run, node, sources, sink, System::currentTimeMillis);
    }

    /** Reads every source once, sends its counters and returns them in source order. */
    public synchronized List<Counter> collectOnce() {
        rounds++;
        List<Counter> counters = new ArrayList<>();
        for (CounterSource source : sources) {
            if (Thread.currentThread().isInterrupted()) {
                break; // Closing: the remaining sources wait for no one.
            }
            collect(source, counters);
        }
        return counters;
    }

    private void collect(CounterSource source, List<Counter> counters) {
        SourceState state = states.get(source.name());
        String text;
        try {
            text = source.reader().read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            failed(source, state, "could not be read: " + e.getMessage(), e);
            return;
        }
        long now = clock.getAsLong();
        Parsed parsed;
        try {
            parsed = source.parser().parse(text);
        } catch (RuntimeException e) {
            failed(source, state, "could not be parsed: " + e, e);
            return;
        }
        if (parsed.readings().isEmpty() && !parsed.problems().isEmpty()) {
            failed(source, state, "gave nothing readable, " + parsed.problems().size() + " problem(s), first: "
                    + parsed.problems().get(0), null);
            return;
        }
        recovered(source, state);
        for (String problem : parsed.problems()) {
            skip(source, state, "parse", "unreadable line skipped: " + problem);
        }
        for (Reading reading : parsed.readings()) {
            String rejected = rejection(reading.value());
            if (rejected != null) {
                skip(source, state, describe(reading), describe(reading) + " skipped: " + rejected);
                continue;
            }
            long time = reading.time().isPresent() && reading.time().getAsLong() > 0 ? reading.time().getAsLong() : now;
            Counter counter = new Counter(WireRecord.VERSION, time, run, node, source.name(), reading.name(),
                    reading.labels(), reading.value());
            List<String> problems = counter.problems();
            if (!problems.isEmpty()) {
                skip(source, state, describe(reading), describe(reading) + " skipped: " + String.join("; ", problems));
                continue;
            }
            sink.send(counter);
            counters.add(counter);
            sent++;
        }
    }

    /** Why the wire format cannot carry a value (the Counter record accepts finite, non-negative numbers only). */
    private static String rejection(double value) {
        if (Double.isNaN(value)) {
            return "value is NaN (e.g. a summary quantile with no observations)";
        }
        if (Double.isInfinite(value)) {
            return "value is " + (value > 0 ? "+Inf" : "-Inf");
        }
        if (value < 0) {
            return "value " + value + " is negative (a gauge such as Tcp_MaxConn=-1, not a counter)";
        }
        return null;
    }

    private void failed(CounterSource source, SourceState state, String reason, Exception cause) {
        state.failures++;
        state.lastFailure = reason;
        if (!state.failing) {
            state.failing = true;
            // Logged once per outage: a source that stays down would otherwise fill the log every period.
            String message = "counter source {} ({}) on node {}, run {}, {}; retried every period, further failures "
                    + "are counted until it recovers";
            if (cause instanceof RuntimeException) {
                // A bug in a parser or reader: the stack trace says where.
                LOG.warn(message, source.name(), source.location(), node, run, reason, cause);
            } else {
                LOG.warn(message, source.name(), source.location(), node, run, reason);
            }
        }
    }

    private void recovered(CounterSource source, SourceState state) {
        if (state.failing) {
            state.failing = false;
            LOG.info("counter source {} ({}) on node {} is read again after {} failure(s)",
                    source.name(), source.location(), node, state.failures);
        }
    }

    private void skip(CounterSource source, SourceState state, String key, String reason) {
        skipped++;
        state.lastSkip = reason;
        if (state.loggedSkips.size() < MAX_LOGGED_SKIPS && state.loggedSkips.add(key)) {
            LOG.warn("counter source {} ({}) on node {}: {} (logged once, counted every time)",
                    source.name(), source.location(), node, reason);
        }
    }

    private static String describe(Reading reading) {
        return reading.labels().isEmpty() ? reading.name() : reading.name() + new TreeMap<>(reading.labels());
    }

    /**
     * Reads every period on a daemon thread, the first time at once; a round that takes longer than the period
     * delays the next one instead of piling rounds up.
     */
    public void start(Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("counter period must be positive, was " + period);
        }
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("counter collector of node " + node + " is closed");
            }
            if (timer != null) {
                throw new IllegalStateException("counter collector of node " + node + " is already started");
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "counters-" + node);
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::round, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("reading {} counter source(s) on node {} every {} ms: {}", sources.size(), node, period.toMillis(),
                sources.stream().map(s -> s.name() + " (" + s.location() + ")").toList());
    }

    private void round() {
        try {
            collectOnce();
        } catch (RuntimeException e) {
            // An exception would silently cancel every later round.
            LOG.error("counter round on node {} failed", node, e);
        }
    }

    /** Stops the readings, interrupting a source that hangs; the sink stays open. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = timer;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                if (!stopping.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("counter collector of node {} did not stop within {} ms", node, STOP_TIMEOUT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counts so far. */
    public synchronized Stats stats() {
        Map<String, Long> failures = new LinkedHashMap<>();
        Map<String, String> lastFailure = new LinkedHashMap<>();
        Map<String, String> lastSkip = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            failures.put(name, state.failures);
            if (state.lastFailure != null) {
                lastFailure.put(name, state.lastFailure);
            }
            if (state.lastSkip != null) {
                lastSkip.put(name, state.lastSkip);
            }
        });
        return new Stats(rounds, sent, skipped, failures, lastFailure, lastSkip);
    }

    /**
     * What a collector did so far.
     *
     * @param rounds      rounds started
     * @param sent        counters sent
     * @param skipped     values and lines skipped, each for a reason
     * @param failures    per source, the reads that gave nothing
     * @param lastFailure per source that failed, the last reason
     * @param lastSkip    per source that skipped something, the last reason
     */
    public record Stats(long rounds, long sent, long skipped, Map<String, Long> failures,
                        Map<String, String> lastFailure, Map<String, String> lastSkip) {

        public Stats {
            failures = Map.copyOf(failures);
            lastFailure = Map.copyOf(lastFailure);
            lastSkip = Map.copyOf(lastSkip);
        }
    }

    /** Failure and skip bookkeeping of one source; guarded by the collector's lock. */
    private static final class SourceState {
        long failures;
        boolean failing;
        String lastFailure;
        String lastSkip;
        final Set<String> loggedSkips = new HashSet<>();
    }

    private static String requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("counter collector needs a " + what);
        }
        return value;
    }
}
