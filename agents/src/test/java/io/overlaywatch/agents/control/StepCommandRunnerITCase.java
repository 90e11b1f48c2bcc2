package io.overlaywatch.agents.control;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A commanded step against real iperf3 on loopback: acknowledged, started at its time, labelled with its step. */
@Timeout(120)
class StepCommandRunnerITCase {

    private static final String IPERF3 = "/usr/bin/iperf3";
    private static final ProbeLabels LABELS = new ProbeLabels(
            new StepKey("unused", Scenario.LIVE, "unknown", Protocol.TCP, 0, 0, 1, 1),
            "client-0", "server-0", "worker-1", "worker-2", null, null);

    @Test
    void shouldAcceptRunAtTheStartTimeAndAcknowledgeDone() throws Exception {
        int port = FreePorts.next();
        CollectingSink sink = new CollectingSink();
        StepKey step = new StepKey("sweep-1", Scenario.POLICY, "calico-v3.27.0", Protocol.UDP, 3, 100, 1, 2);
        StepCommand command = new StepCommand(WireRecord.VERSION, System.currentTimeMillis(), step,
                System.currentTimeMillis() + 1_500, 2, 0, 1, 50_000_000, List.of("client-0"));
        StepCommandRunner runner = runner(port, sink);

        try (RunningProbe server = Iperf3Probe.server(LABELS, new CollectingSink()).binary(IPERF3).port(port)
                .bind(FreePorts.LOOPBACK).waitForClient(Duration.ofSeconds(30)).start()) {
            assertThat(server.awaitListening(Duration.ofSeconds(20))).isTrue();
            StepAck last = runner.run(command).orElseThrow();
            assertThat(last.status()).as("ack %s", last).isEqualTo(StepAck.Status.DONE);
        }

        List<StepAck> acks = acks(sink);
        assertThat(acks).extracting(StepAck::status).containsExactly(StepAck.Status.ACCEPTED, StepAck.Status.DONE);
        assertThat(acks).allSatisfy(a -> {
            assertThat(a.step()).isEqualTo(step);
            assertThat(a.clientPod()).isEqualTo("client-0");
            assertThat(a.problems()).isEmpty();
        });
        assertThat(acks.get(0).time()).isLessThan(command.startAt());
        assertThat(sink.samples()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.step()).as("the commanded step, untouched").isEqualTo(step);
            // Text output dates an interval at its end: the first ends a second after the start.
            assertThat(s.time()).isGreaterThanOrEqualTo(command.startAt());
        });
    }

    @Test
    void shouldFailAStepWhoseStartHasPassedWithoutRunningIt() throws Exception {
        CollectingSink sink = new CollectingSink();
        StepKey step = new StepKey("sweep-1", Scenario.POLICY, "calico", Protocol.TCP, 0, 1, 1, 1);
        long now = System.currentTimeMillis();
        StepCommand late = new StepCommand(WireRecord.VERSION, now - 10_000, step, now - 5_000, 30, 0, 1, 0, List.of());

        StepAck ack = runner(FreePorts.next(), sink).run(late).orElseThrow();

        assertThat(ack.status()).isEqualTo(StepAck.Status.FAILED);
        assertThat(ack.message()).contains("after its start time");
        assertThat(acks(sink)).containsExactly(ack);
        assertThat(sink.samples()).isEmpty();
    }

    @Test
    void shouldAcknowledgeFailedWithIperf3sWordsWhenNoServerListens() throws Exception {
        CollectingSink sink = new CollectingSink();
        StepKey step = new StepKey("sweep-1", Scenario.POLICY, "calico", Protocol.TCP, 0, 1, 1, 1);
        StepCommand command = new StepCommand(WireRecord.VERSION, System.currentTimeMillis(), step,
                System.currentTimeMillis(), 2, 0, 1, 0, List.of());

        StepAck ack = runner(FreePorts.next(), sink).run(command).orElseThrow();

        assertThat(ack.status()).isEqualTo(StepAck.Status.FAILED);
        assertThat(ack.message()).contains("Connection refused");
        assertThat(sink.errors()).singleElement().satisfies(e -> assertThat(e.step()).isEqualTo(step));
    }

    private static StepCommandRunner runner(int port, CollectingSink sink) {
        return new StepCommandRunner("client-0", command -> Iperf3Probe.client(FreePorts.LOOPBACK,
                LABELS.withStep(command.step()), sink).binary(IPERF3).port(port)
                .timeSeconds(command.durationSeconds()).udp(command.step().protocol() == Protocol.UDP)
                .bitrate(Long.toString(command.udpBitrate())).build(), sink, System::currentTimeMillis);
    }

    private static List<StepAck> acks(CollectingSink sink) {
        return sink.records().stream().filter(StepAck.class::isInstance).map(StepAck.class::cast).toList();
    }
}
