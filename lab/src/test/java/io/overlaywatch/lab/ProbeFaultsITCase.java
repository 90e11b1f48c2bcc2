package io.overlaywatch.lab;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.embedded.Await;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One agent, one Kafka producer, four iperf3 tests in a row through the whole pipeline: the server killed
 * mid-interval, a port that refuses, a server that accepts and never answers, then a good test. Each failure
 * is a probe error in InfluxDB and a PROBE_ERROR alert within its timeout, and the next test runs as usual
 * (Iperf3ProbeITCase covers each failure of the probe alone).
 */
@Timeout(180)
class ProbeFaultsITCase {

    private static final String IPERF3 = "/usr/bin/iperf3";
    private static final String HOST = FreePorts.LOOPBACK;
    private static final Duration STALL = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static LocalPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = LocalPipeline.start(new LocalPipeline.Endpoints(null, null, "probefaults"), dir, "probe-faults",
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** The pipeline's shared producer, with a copy of every record for the test to count. */
    private static final class Tee implements RecordSink {
        final List<WireRecord> sent = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void send(WireRecord record) {
            sent.add(record);
            pipeline.sink().send(record);
        }

        @Override
        public void close() {
        }

        long count(Class<?> type) {
            synchronized (sent) {
                return sent.stream().filter(type::isInstance).count();
            }
        }
    }

    private static ProbeLabels labels(String run, int index) {
        return new ProbeLabels(new StepKey(run, Scenario.DEMO, "loopback", Protocol.TCP, index, 0, 1, 1),
                "client-0", "server-0", "node-a", "node-a", null, null);
    }

    private static RunningProbe server(ProbeLabels labels, Tee sink, int port) throws Exception {
        RunningProbe server = Iperf3Probe.server(labels, sink).binary(IPERF3).port(port).bind(HOST)
                .waitForClient(Duration.ofSeconds(20)).stallTimeout(STALL).start();
        assertThat(server.awaitListening(Duration.ofSeconds(20))).as("server listening on %d", port).isTrue();
        return server;
    }

    @Test
    void shouldReportEachBrokenTestAsAProbeErrorWithinItsTimeoutAndRunTheNextTest() throws Exception {
        String run = "probe-faults-" + UUID.randomUUID().toString().substring(0, 8);
        Tee sink = new Tee();
        List<String> timings = new ArrayList<>();

        // 1. The server is killed in the middle of an interval.
        int port = FreePorts.next();
        ProbeResult killedClient;
        ProbeResult killedServer;
        try (RunningProbe server = server(labels(run, 0), sink, port)) {
            RunningProbe client = Iperf3Probe.client(HOST, labels(run, 0), sink).binary(IPERF3).port(port)
                    .timeSeconds(30).stallTimeout(STALL).start();
            Await.until("a first sample", Duration.ofSeconds(20), () -> sink.count(Sample.class) >= 2);
            long killed = System.nanoTime();
            ProcessHandle.of(server.pid()).orElseThrow().destroyForcibly();
            killedClient = client.await(Duration.ofSeconds(20)).orElseThrow();
            timings.add("server-killed=" + Duration.ofNanos(System.nanoTime() - killed).toMillis() + "ms");
            killedServer = server.await(Duration.ofSeconds(20)).orElseThrow();
        }
        assertThat(killedClient.errors()).hasSize(1);
        assertThat(killedServer.errors()).singleElement().satisfies(e -> assertThat(e).contains("signal 9"));

        // 2. Nothing listens: the connection is refused.
        long started = System.nanoTime();
        ProbeResult refused = Iperf3Probe.client(HOST, labels(run, 1), sink).binary(IPERF3).port(FreePorts.next())
                .timeSeconds(2).stallTimeout(STALL).run();
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - started);
        timings.add("refused=" + refusedAfter.toMillis() + "ms");
        assertThat(refused.errors()).singleElement().satisfies(e -> assertThat(e).contains("Connection refused"));

        // 3. A server that accepts the connection and never says a word: the client hangs until its stall timeout.
        Duration hungAfter;
        ProbeResult hung;
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            started = System.nanoTime();
            hung = Iperf3Probe.client(HOST, labels(run, 2), sink).binary(IPERF3).port(silent.getLocalPort())
                    .timeSeconds(2).stallTimeout(STALL).run();
            hungAfter = Duration.ofNanos(System.nanoTime() - started);
        }
        timings.add("hung=" + hungAfter.toMillis() + "ms");
        assertThat(hung.errors()).singleElement().satisfies(e -> assertThat(e).contains("stall timeout"));

        // 4. The next test runs as if nothing had happened.
        port = FreePorts.next();
        ProbeResult good;
        try (RunningProbe server = server(labels(run, 3), sink, port)) {
            good = Iperf3Probe.client(HOST, labels(run, 3), sink).binary(IPERF3).port(port).timeSeconds(2).run();
            assertThat(server.await(Duration.ofSeconds(20)).orElseThrow().ok()).isTrue();
        }
        assertThat(good.ok()).as("good test %s", good).isTrue();

        pipeline.sink().flush();
        long errorsSent = sink.count(ProbeError.class);
        long samplesSent = sink.count(Sample.class);
        long[] stored = new long[2];
        Await.until("every probe error and sample in InfluxDB", WAIT, () -> {
            stored[0] = count("SELECT count(reason) FROM probe_error WHERE run = '" + run + "'");
            stored[1] = count("SELECT count(bps) FROM iperf_interval WHERE run = '" + run + "'");
            return stored[0] >= errorsSent && stored[1] >= samplesSent;
        });
        List<Alert> alerts = new ArrayList<>();
        Await.until("a PROBE_ERROR alert per error", WAIT, () -> {
            alerts.clear();
            pipeline.kafka().readAll(JobOptions.ALERTS_TOPIC.defaultValue()).stream()
                    .map(r -> WireCodec.decode(r.value()).record())
                    .filter(r -> r instanceof Alert a && a.run().equals(run) && a.type() == Alert.Type.PROBE_ERROR)
                    .forEach(r -> alerts.add((Alert) r));
            return alerts.stream().distinct().count() >= errorsSent;
        });
        long deadLetters = pipeline.kafka().readAll(JobOptions.DEADLETTER_TOPIC.defaultValue()).size();

        System.out.printf("FAULT probe: errors-sent=%d errors-stored=%d alerts=%d samples-sent=%d samples-stored=%d"
                + " dead-letters=%d %s%n", errorsSent, stored[0], alerts.stream().distinct().count(), samplesSent,
                stored[1], deadLetters, String.join(" ", timings));
        assertThat(errorsSent).as("client and server of the killed test, refused, hung").isEqualTo(4);
        assertThat(stored[0]).isEqualTo(errorsSent);
        assertThat(stored[1]).isEqualTo(samplesSent);
        assertThat(alerts.stream().distinct().count()).isEqualTo(errorsSent);
        assertThat(deadLetters).isZero();
        assertThat(refusedAfter).isLessThan(Duration.ofSeconds(5));
        assertThat(hungAfter).isGreaterThanOrEqualTo(STALL).isLessThan(STALL.plusSeconds(5));
        assertThat(good.samplesSent()).isPositive();
    }

    private static long count(String influxql) throws Exception {
        List<Map<String, Object>> rows = pipeline.query().rows(influxql);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }
}
