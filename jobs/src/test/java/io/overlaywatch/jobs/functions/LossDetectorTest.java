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

import static io.overlaywatch.jobs.functions.LinkTestData.MINUTE;
import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.UDP_LINK;
import static io.overlaywatch.jobs.functions.LinkTestData.tcpWindow;
import static io.overlaywatch.jobs.functions.LinkTestData.udpWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LossDetectorTest {

    private static final Duration IDLE = Duration.ofHours(1);

    private KeyedOneInputStreamOperatorTestHarness<String, LinkWindow, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LossDetector(5.0, 2, IDLE)), LinkWindow::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(LinkWindow w) throws Exception {
        harness.processElement(w, w.end() - 1);
        harness.processWatermark(w.end() - 1);
    }

    @Test
    void shouldAlertOnceWhileLossStaysAboveTheThreshold() throws Exception {
        push(udpWindow(0, 10, 10_000));
        push(udpWindow(1, 800, 10_000));
        push(udpWindow(2, 900, 10_000));
        push(udpWindow(3, 2_000, 10_000));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.LOSS);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.key()).isEqualTo(UDP_LINK);
            assertThat(a.time()).isEqualTo(T0 + 2 * MINUTE);
            assertThat(a.observed()).isCloseTo(8.0, within(1e-9));
            assertThat(a.baseline()).isEqualTo(5.0);
            assertThat(a.reason()).isEqualTo("node-a>node-b calico udp lost 8.00% of its datagrams (800 of 10,000)"
                    + " over 1 window of 1 min, above the 5.0% threshold");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldResolveAfterTwoWindowsAtOrBelowTheThreshold() throws Exception {
        push(udpWindow(0, 800, 10_000));
        push(udpWindow(1, 100, 10_000));
        push(udpWindow(2, 700, 10_000)); // back up: the clear streak starts again
        push(udpWindow(3, 100, 10_000));
        assertThat(harness.extractOutputValues()).hasSize(1);

        push(udpWindow(4, 500, 10_000));

        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.time()).isEqualTo(T0 + 5 * MINUTE);
            assertThat(a.reason()).contains("loss back to 5.00%", "for 2 windows of 1 min", "peaked at 8.00%");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldIgnoreTcpAndWindowsWithTooFewDatagrams() throws Exception {
        push(tcpWindow(0, 24));
        push(udpWindow(1, 50, 99));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldForgetTheLinkAfterASilenceAndCloseItsEpisode() throws Exception {
        push(udpWindow(0, 800, 10_000));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0 + MINUTE + IDLE.toMillis());

        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.reason()).startsWith("no UDP window for 1 h while loss was high");
            assertThat(a.problems()).isEmpty();
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
