package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real iperf3 3.12 on loopback: both ends streamed, and every way a test can fail ends in one probe error. */
@Timeout(120)
class Iperf3ProbeITCase {

    private static final String IPERF3 = "/usr/bin/iperf3";
    private static final String HOST = FreePorts.LOOPBACK;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ProbeLabels labels(Protocol protocol) {
        return new ProbeLabels(new StepKey("it-" + protocol.wireName(), Scenario.DEMO, "loopback", protocol, 0, 0, 1, 1),
                "client-0", "server-0", "node-a", "node-a", null, null);
    }

    private static RunningProbe startServer(int port, ProbeLabels labels, CollectingSink sink, Duration wait)
            throws Exception {
        RunningProbe server = Iperf3Probe.server(labels, sink).binary(IPERF3).port(port).bind(HOST)
                .waitForClient(wait).start();
        assertThat(server.awaitListening(WAIT)).as("server listening on %d", port).isTrue();
        return server;
    }

    @Test
    void shouldStreamTcpSenderSamplesFromTheClientAndReceiverSamplesFromTheServer() throws Exception {
        int port = FreePorts.next();
        ProbeLabels labels = labels(Protocol.TCP);
        CollectingSink serverSink = new CollectingSink();
        CollectingSink clientSink = new CollectingSink();

        try (RunningProbe server = startServer(port, labels, serverSink, WAIT)) {
            ProbeResult client = Iperf3Probe.client(HOST, labels, clientSink).binary(IPERF3).port(port)
                    .timeSeconds(2).run();
            ProbeResult served = server.await(WAIT).orElseThrow();

            assertThat(client.ok()).as("client %s", client).isTrue();
            assertThat(client.exitCode()).isZero();
            assertThat(served.ok()).as("server %s", served).isTrue();
            assertThat(client.samplesSent()).isEqualTo(clientSink.samples().size()).isGreaterThanOrEqualTo(2);
        }
        assertThat(clientSink.errors()).isEmpty();
        assertThat(serverSink.errors()).isEmpty();
        assertThat(clientSink.samples()).allSatisfy(s -> {
            assertThat(s.side()).isEqualTo(Side.SENDER);
            assertThat(s.step().protocol()).isEqualTo(Protocol.TCP);
            assertThat(s.problems()).isEmpty();
        });
        assertThat(clientSink.samples()).filteredOn(s -> s.end() - s.start() >= 0.9)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(s -> assertThat(s.bitsPerSecond()).isPositive());
        assertThat(serverSink.samples()).filteredOn(s -> s.side() == Side.RECEIVER && s.bitsPerSecond() > 0)
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldStreamUdpReceiverSamplesWithLossFromTheServer() throws Exception {
        int port = FreePorts.next();
        ProbeLabels labels = labels(Protocol.UDP);
        CollectingSink serverSink = new CollectingSink();
        CollectingSink clientSink = new CollectingSink();

        try (RunningProbe server = startServer(port, labels, serverSink, WAIT)) {
            ProbeResult client = Iperf3Probe.client(HOST, labels, clientSink).binary(IPERF3).port(port)
                    .timeSeconds(2).udp(true).bitrate("200M").run();
            ProbeResult served = server.await(WAIT).orElseThrow();

            assertThat(client.ok()).as("client %s", client).isTrue();
            assertThat(served.ok()).as("server %s", served).isTrue();
        }
        List<Sample> received = serverSink.samples();
        assertThat(received).filteredOn(s -> s.bitsPerSecond() > 0).hasSizeGreaterThanOrEqualTo(2);
        assertThat(received).allSatisfy(s -> {
            assertThat(s.side()).isEqualTo(Side.RECEIVER);
            assertThat(s.step().protocol()).isEqualTo(Protocol.UDP);
            assertThat(s.jitterMs()).isNotNull();
            assertThat(s.lost()).isNotNull();
            assertThat(s.problems()).isEmpty();
        });
        assertThat(clientSink.samples()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.side()).isEqualTo(Side.SENDER));
    }

    @Test
    void shouldSendOneProbeErrorAndNoSampleQuicklyWhenTheConnectionIsRefused() throws Exception {
        int port = FreePorts.next();
        CollectingSink sink = new CollectingSink();
        long started = System.nanoTime();

        ProbeResult result = Iperf3Probe.client(HOST, labels(Protocol.TCP), sink).binary(IPERF3).port(port)
                .timeSeconds(2).run();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.samplesSent()).isZero();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).hasSize(1);
        assertThat(sink.samples()).isEmpty();
        assertThat(sink.errors()).singleElement().satisfies(error -> {
            assertThat(error.reason()).contains("Connection refused");
            assertThat(error.exitCode()).isEqualTo(1);
            assertThat(error.problems()).isEmpty();
        });
    }

    @Test
    void shouldReportBothEndsWhenTheClientIsKilledMidRun() throws Exception {
        int port = FreePorts.next();
        ProbeLabels labels = labels(Protocol.TCP);
        CollectingSink serverSink = new CollectingSink();
        CollectingSink clientSink = new CollectingSink();

        try (RunningProbe server = startServer(port, labels, serverSink, WAIT)) {
            RunningProbe client = Iperf3Probe.client(HOST, labels, clientSink).binary(IPERF3).port(port)
                    .timeSeconds(30).start();
            assertThat(clientSink.await(records -> !records.isEmpty(), WAIT)).as("a first sample").isTrue();

            ProcessHandle.of(client.pid()).orElseThrow().destroyForcibly();

            ProbeResult killed = client.await(WAIT).orElseThrow();
            ProbeResult served = server.await(WAIT).orElseThrow();
            assertThat(killed.errors()).hasSize(1);
            assertThat(killed.exitCode()).isEqualTo(137);
            assertThat(killed.samplesSent()).isPositive();
            assertThat(served.errors()).hasSize(1);
            assertThat(served.errors().get(0)).contains("client");
        }
        assertThat(clientSink.errors()).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("signal 9"));
        assertThat(serverSink.errors()).hasSize(1);
    }

    @Test
    void shouldStopAServerThatGetsNoClientWithinItsWait() throws Exception {
        int port = FreePorts.next();
        CollectingSink sink = new CollectingSink();

        RunningProbe server = startServer(port, labels(Protocol.TCP), sink, Duration.ofSeconds(1));
        ProbeResult result = server.await(Duration.ofSeconds(10)).orElseThrow();

        assertThat(result.exitCode()).isNull();
        assertThat(result.samplesSent()).isZero();
        assertThat(sink.errors()).singleElement().satisfies(error -> {
            assertThat(error.reason()).contains("no client connected").contains(Integer.toString(port));
            assertThat(error.exitCode()).isNull();
        });
    }

    @Test
    void shouldStopAWaitingServerWithoutAnError() throws Exception {
        CollectingSink sink = new CollectingSink();
        RunningProbe server = startServer(FreePorts.next(), labels(Protocol.TCP), sink, Duration.ZERO);

        server.stop();
        ProbeResult result = server.await(WAIT).orElseThrow();

        assertThat(result.stopped()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(sink.records()).isEmpty();
    }

    @Test
    void shouldKillAClientThatPrintsNothingForItsStallTimeout() throws Exception {
        // A server that accepts the TCP connection but never speaks iperf3: the client hangs in its handshake.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            CollectingSink sink = new CollectingSink();
            ProbeResult result = Iperf3Probe.client(HOST, labels(Protocol.TCP), sink).binary(IPERF3)
                    .port(silent.getLocalPort()).timeSeconds(1).stallTimeout(Duration.ofSeconds(2)).run();

            assertThat(result.exitCode()).isNull();
            assertThat(sink.errors()).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("stall timeout"));
        }
    }

}
