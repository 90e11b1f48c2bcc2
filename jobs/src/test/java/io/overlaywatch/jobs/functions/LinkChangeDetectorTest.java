package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.model.Alert;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.overlaywatch.jobs.functions.LinkTestData.MINUTE;
import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.TCP_LINK;
import static io.overlaywatch.jobs.functions.LinkTestData.steady;
import static io.overlaywatch.jobs.functions.LinkTestData.tcpWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinkChangeDetectorTest {

    private static final Duration IDLE = Duration.ofHours(1);
    private static final int N = CusumDetector.Settings.DEFAULT_BASELINE_WINDOWS;

    private KeyedOneInputStreamOperatorTestHarness<String, LinkWindow, Alert> harness;
    private int next;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new LinkChangeDetector(CusumDetector.Settings.defaults(), 5, IDLE)), LinkWindow::key, Types.STRING);
        harness.open();
        next = 0;
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** Pushes the next minute's window and the watermark at its end, as the window operator would. */
    private void window(double gbps) throws Exception {
        push(tcpWindow(next++, gbps));
    }

    private void push(LinkWindow w) throws Exception {
        harness.processElement(w, w.end() - 1);
        harness.processWatermark(w.end() - 1);
    }

    private void baseline() throws Exception {
        for (int i = 0; i < N; i++) {
            window(steady(i));
        }
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldSendOneChangeAlertPerDropEpisode() throws Exception {
        baseline();
        window(18);
        assertThat(alerts()).isEmpty();

        window(18);
        for (int i = 0; i < 10; i++) {
            window(18);
        }

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.CHANGE);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.key()).isEqualTo(TCP_LINK);
            assertThat(a.run()).isEqualTo("live");
            assertThat(a.time()).isEqualTo(T0 + (N + 2) * MINUTE);
            assertThat(a.observed()).isCloseTo(18e9, within(1.0));
            assertThat(a.baseline()).isCloseTo(24e9, within(0.1e9));
            assertThat(a.changePct()).isCloseTo(-25, within(0.5));
            assertThat(a.score()).isGreaterThan(5);
            assertThat(a.reason()).startsWith("node-a>node-b calico tcp throughput 18.00 Gbit/s over 2 windows of 1 min,")
                    .contains("-25.", "against its baseline 24.", "median of the last " + N + " normal windows", "CUSUM");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldResolveWhenThroughputIsBackForTwoWindows() throws Exception {
        baseline();
        for (int i = 0; i < 5; i++) {
            window(18);
        }
        window(24);
        assertThat(alerts()).hasSize(1);

        window(24);

        assertThat(alerts()).hasSize(2).last().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.CHANGE);
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.key()).isEqualTo(TCP_LINK);
            assertThat(a.time()).isEqualTo(T0 + (N + 7) * MINUTE);
            assertThat(a.observed()).isCloseTo(24e9, within(1.0));
            assertThat(a.reason()).contains("back to 24.00 Gbit/s", "for 2 windows of 1 min", "the drop lasted 5 windows");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldKeepOneTimerPerLinkAndForgetTheLinkAfterTheIdleTimeout() throws Exception {
        baseline();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T0 + N * MINUTE + IDLE.toMillis());

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldCloseAnOpenEpisodeWhenTheLinkFallsSilent() throws Exception {
        baseline();
        window(10);
        window(10);
        assertThat(alerts()).hasSize(1);

        harness.processWatermark(T0 + (N + 2) * MINUTE + IDLE.toMillis());

        assertThat(alerts()).hasSize(2).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.key()).isEqualTo(TCP_LINK);
            assertThat(a.time()).isEqualTo(T0 + (N + 2) * MINUTE + IDLE.toMillis());
            assertThat(a.reason()).startsWith("no window for 1 h while a drop was open");
            assertThat(a.problems()).isEmpty();
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldIgnoreWindowsWithTooFewIntervalsAndReplayedWindows() throws Exception {
        baseline();
        LinkWindow grazed = tcpWindow(next++, 2);
        push(new LinkWindow(grazed.key(), grazed.run(), grazed.srcNode(), grazed.dstNode(), grazed.cni(),
                grazed.protocol(), grazed.side(), grazed.start(), grazed.end(), grazed.meanBps(), 3, 3, 1, 0, 0));
        window(2);
        // The same window again (a replay after a restore) must not count as the second dropped window.
        harness.processElement(tcpWindow(next - 1, 2), T0 + next * MINUTE - 1);

        assertThat(alerts()).isEmpty();

        window(2);
        assertThat(alerts()).hasSize(1);
    }

    @Test
    void shouldNotAlertOnSteadyNoise() throws Exception {
        for (int i = 0; i < 500; i++) {
            window(steady(i) * (1 + 0.02 * Math.sin(i * 0.37)));
        }
        assertThat(alerts()).isEmpty();
    }
}
