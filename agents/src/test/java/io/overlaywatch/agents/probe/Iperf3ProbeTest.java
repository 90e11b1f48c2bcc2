package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iperf3ProbeTest {

    private static final ProbeLabels PINNED = new ProbeLabels(
            new StepKey("r", Scenario.LIVE, "cni", Protocol.UDP, 0, 0, 1, 1), "c", "s", "n1", "n2", "cubic", "0,1");
    private static final ProbeLabels PLAIN = new ProbeLabels(
            new StepKey("r", Scenario.LIVE, "cni", Protocol.TCP, 0, 0, 1, 1), "c", "s", "n1", "n2", null, null);

    @Test
    void shouldPassEveryClientOptionToIperf3WithCongestionAndAffinityFromTheLabels() {
        Iperf3Probe probe = Iperf3Probe.client("10.0.0.2", PINNED, new CollectingSink())
                .binary("/opt/iperf3").port(5300).timeSeconds(5).udp(true).bitrate("1G").length("1422")
                .parallel(4).reverse(true).omitSeconds(2).build();

        assertThat(probe.command(false)).containsExactly("/opt/iperf3", "-c", "10.0.0.2", "-p", "5300",
                "-t", "5", "-i", "1", "-u", "-b", "1G", "-l", "1422", "-P", "4", "-R",
                "-C", "cubic", "-A", "0,1", "-O", "2", "--forceflush");
    }

    @Test
    void shouldAskForJsonStreamWhenIperf3HasIt() {
        Iperf3Probe probe = Iperf3Probe.client("h", PLAIN, new CollectingSink()).build();

        assertThat(probe.command(true)).containsExactly("iperf3", "-c", "h", "-p", "5201", "-t", "10", "-i", "1",
                "--json-stream", "--forceflush");
    }

    @Test
    void shouldRunAServerForOneTestWithOnlyServerOptionsAndLeavePinningToTheClient() {
        Iperf3Probe probe = Iperf3Probe.server(PINNED, new CollectingSink())
                .port(5301).bind("127.0.0.1").udp(true).bitrate("1G").parallel(4).build();

        assertThat(probe.command(false)).isEqualTo(List.of("iperf3", "-s", "-p", "5301", "-1", "-i", "1",
                "-B", "127.0.0.1", "--forceflush"));
    }

    @Test
    void shouldGiveAClientTheTestTimePlusTenSecondsBeforeItCountsAsStalled() {
        Iperf3Probe probe = Iperf3Probe.client("h", PLAIN, new CollectingSink()).timeSeconds(5).omitSeconds(1).build();

        assertThat(probe.stallTimeout()).isEqualTo(Duration.ofSeconds(16));
        assertThat(probe.deadline()).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void shouldLetAServerWaitForEverForItsClientUnlessToldOtherwise() {
        Iperf3Probe forever = Iperf3Probe.server(PLAIN, new CollectingSink()).build();
        Iperf3Probe bounded = Iperf3Probe.server(PLAIN, new CollectingSink()).timeSeconds(5)
                .waitForClient(Duration.ofSeconds(60)).build();

        assertThat(forever.waitForClient()).isZero();
        assertThat(forever.deadline()).isZero();
        assertThat(bounded.deadline()).isEqualTo(Duration.ofSeconds(95));
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> Iperf3Probe.client("h", PLAIN, new CollectingSink()).port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }
}
