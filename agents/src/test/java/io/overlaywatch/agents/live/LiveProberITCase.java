package io.overlaywatch.agents.live;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real iperf3 on loopback: a server that serves test after test, a client that probes on a schedule. */
@Timeout(120)
class LiveProberITCase {

    private static final String IPERF3 = "/usr/bin/iperf3";

    @Test
    void shouldProbeRoundAfterRoundUntilStoppedWithOneStepPerRound() throws Exception {
        int port = FreePorts.next();
        ProbeLabels labels = new ProbeLabels(new StepKey("live-it", Scenario.LIVE, "loopback", Protocol.TCP, 0, 0, 1, 1),
                "client-0", "server-0", "node-a", "node-a", null, null);
        CollectingSink serverSink = new CollectingSink();
        CollectingSink clientSink = new CollectingSink();
        LiveProber server = new LiveProber(LiveSchedule.backToBack(), round -> Iperf3Probe.server(labels, serverSink)
                .binary(IPERF3).port(port).bind(FreePorts.LOOPBACK).timeSeconds(1).build(), new SplittableRandom());
        // The pause gives the server the moment it needs to start its next iperf3 -s -1.
        LiveProber client = new LiveProber(new LiveSchedule(Duration.ofMillis(700), Duration.ofMillis(300)),
                round -> Iperf3Probe.client(FreePorts.LOOPBACK, labels.withStep(step(labels.step(), round)), clientSink)
                        .binary(IPERF3).port(port).timeSeconds(1).build(), new SplittableRandom());
        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> runQuietly(server));
        CompletableFuture<Integer> probed = CompletableFuture.supplyAsync(() -> runQuietly(client));

        boolean threeRounds = clientSink.await(records -> records.stream().filter(Sample.class::isInstance)
                .map(r -> ((Sample) r).step().index()).distinct().count() >= 3, Duration.ofSeconds(60));
        client.stop();
        server.stop();

        assertThat(threeRounds).as("three rounds of samples; errors %s", clientSink.errors()).isTrue();
        assertThat(probed.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3);
        assertThat(served.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3);
        assertThat(clientSink.samples()).allSatisfy(s -> {
            assertThat(s.step().scenario()).isEqualTo(Scenario.LIVE);
            assertThat(s.side()).isEqualTo(Side.SENDER);
        });
        assertThat(clientSink.samples()).extracting(s -> s.step().index()).contains(0, 1, 2);
        assertThat(serverSink.samples()).filteredOn(s -> s.side() == Side.RECEIVER).isNotEmpty();
    }

    private static StepKey step(StepKey base, int round) {
        return new StepKey(base.run(), base.scenario(), base.cni(), base.protocol(), round, base.policies(),
                base.pods(), base.repetition());
    }

    private static int runQuietly(LiveProber prober) {
        try {
            return prober.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
