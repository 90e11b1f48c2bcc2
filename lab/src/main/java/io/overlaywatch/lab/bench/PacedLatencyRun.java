package io.overlaywatch.lab.bench;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency, as a sweep sees it: steps of {@code window} seconds one after another in real time, every
 * stream reporting an interval a second and the driver's end marker closing each step. A sample's latency runs
 * from its append (the producer timestamp, which the agent's sink sets to the sample's time, here the moment it is
 * sent) to the moment its step's summary is readable in InfluxDB, found by polling every {@link #POLL}.
 */
final class PacedLatencyRun {

    static final Duration POLL = Duration.ofMillis(50);
    private static final Duration SUMMARY_TIMEOUT = Duration.ofSeconds(60);

    private final RecordSink sink;
    private final InfluxQuery influx;
    private final String run;
    private final int pods;
    private final int streams;
    private final PrintStream log;

    PacedLatencyRun(RecordSink sink, InfluxQuery influx, String run, int pods, int streams, PrintStream log) {
        this.sink = sink;
        this.influx = influx;
        this.run = run;
        this.pods = pods;
        this.streams = streams;
        this.log = log;
    }

    /**
     * Runs {@code steps} measured steps and one more after them, so that the last measured step closes as the
     * others do, on the next step's samples rather than on source idleness; returns every sample's latency in ms.
     */
    List<Long> measure(int steps, int windowSeconds) throws IOException, InterruptedException {
        Map<Integer, List<Long>> appended = new HashMap<>();
        Map<Integer, Long> readable = new HashMap<>();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-latency-poller");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> poll(readable), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        try {
            for (int step = 0; step <= steps; step++) {
                StepKey key = new StepKey(run, Scenario.POLICY, "latency", Protocol.TCP, step, step, pods, 1);
                sink.send(new StepMarker(WireRecord.VERSION, System.currentTimeMillis(), key, StepMarker.Phase.START,
                        windowSeconds));
                List<Long> times = new ArrayList<>();
                long begin = System.currentTimeMillis();
                for (int second = 1; second <= windowSeconds; second++) {
                    sleepUntil(begin + second * 1000L);
                    for (int pod = 0; pod < pods; pod++) {
                        for (int stream = 0; stream < streams; stream++) {
                            long now = System.currentTimeMillis();
                            sink.send(sample(key, pod, stream, second, now));
                            times.add(now);
                        }
                    }
                    sink.flush();
                }
                sink.send(new StepMarker(WireRecord.VERSION, System.currentTimeMillis(), key, StepMarker.Phase.END,
                        windowSeconds));
                sink.flush();
                if (step < steps) {
                    appended.put(step, times);
                }
            }
            long deadline = System.nanoTime() + SUMMARY_TIMEOUT.toNanos();
            while (true) {
                synchronized (readable) {
                    if (readable.keySet().containsAll(appended.keySet())) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("step summaries of " + run + " not readable in InfluxDB within "
                            + SUMMARY_TIMEOUT.toSeconds() + " s; readable: " + readable.keySet());
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            poller.shutdownNow();
        }
        List<Long> latencies = new ArrayList<>();
        synchronized (readable) {
            appended.forEach((step, times) -> times.forEach(t -> latencies.add(readable.get(step) - t)));
        }
        log.printf("  latency run: %d steps of %d s, %d samples%n", steps, windowSeconds, latencies.size());
        return latencies;
    }

    private void poll(Map<Integer, Long> readable) {
        try {
            List<Map<String, Object>> rows = influx.rows("SELECT \"samples\" FROM " + InfluxLines.STEP_SUMMARY
                    + " WHERE \"run\" = '" + run + "' GROUP BY \"step\"");
            long now = System.currentTimeMillis();
            synchronized (readable) {
                for (Map<String, Object> row : rows) {
                    readable.putIfAbsent(Integer.parseInt(row.get("step").toString()), now);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.println("  latency poll failed (retrying): " + e.getMessage());
        }
    }

    private Sample sample(StepKey key, int pod, int stream, int second, long now) {
        double bps = 1e9 / streams;
        return new Sample(WireRecord.VERSION, now, key, Side.SENDER, "client-" + pod, "server-" + pod,
                "node-a", "node-b", "10.1." + pod + ".2:" + (40000 + stream) + "-10.2." + pod + ".2:5201", false,
                second - 1, second, false, (long) (bps / 8), bps, 0L, 1_000_000L, null, null, null, null, "cubic",
                null);
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
