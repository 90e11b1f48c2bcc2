package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Sample;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.tcp;
import static org.assertj.core.api.Assertions.assertThat;

class StallDetectorTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private static final String KEY = "stream live/client-1->server-1/s1";

    private KeyedOneInputStreamOperatorTestHarness<StreamKey, Sample, Alert> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StallDetector(3, IDLE)), StreamKey::of,
                TypeInformation.of(StreamKey.class));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(Sample s) throws Exception {
        harness.processElement(s, s.time());
        harness.processWatermark(s.time());
    }

    /** Seconds {@code from..to} (exclusive) at {@code bps}. */
    private void seconds(int from, int to, double bps) throws Exception {
        for (int i = from; i < to; i++) {
            push(tcp("s1", i, bps));
        }
    }

    @Test
    void shouldAlertOnceWhenAStreamMovesNothingForThreeIntervals() throws Exception {
        seconds(0, 5, 20e9);
        seconds(5, 7, 0);
        assertThat(harness.extractOutputValues()).isEmpty();

        seconds(7, 15, 0);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.STALL);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.time()).isEqualTo(T0 + 8000);
            assertThat(a.observed()).isZero();
            assertThat(a.baseline()).isEqualTo(20e9);
            assertThat(a.changePct()).isEqualTo(-100);
            assertThat(a.reason()).contains("moved no data for 3 intervals in a row since 2026-11-26T10:00:06Z",
                    "node-a>node-b calico tcp", "20.00 Gbit/s before");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldResolveWhenTheStreamMovesAgain() throws Exception {
        seconds(0, 2, 20e9);
        seconds(2, 6, 0);
        seconds(6, 8, 15e9);

        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.observed()).isEqualTo(15e9);
            assertThat(a.score()).isEqualTo(4);
            assertThat(a.reason()).contains("moves again at 15.00 Gbit/s after 4 intervals without data");
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldNotCountAShortPauseOrAReplayedInterval() throws Exception {
        seconds(0, 2, 0);
        push(tcp("s1", 1, 0)); // replayed
        seconds(2, 3, 10e9);
        seconds(3, 5, 0);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void shouldForgetAStreamAfterItsLastSampleAndCloseAStallThatNeverEnded() throws Exception {
        seconds(0, 5, 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0 + 5000 + IDLE.toMillis());

        assertThat(harness.extractOutputValues()).hasSize(2).last().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.key()).isEqualTo(KEY);
            assertThat(a.run()).isEqualTo("live");
            assertThat(a.reason()).startsWith("the stream ended while stalled");
            assertThat(a.problems()).isEmpty();
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldMoveItsOneTimerOnWhileTheStreamLives() throws Exception {
        seconds(0, 60, 10e9);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T0 + 60_000 + IDLE.toMillis());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldIgnoreTheReceiverOfTcpAndIperfsSum() throws Exception {
        for (int i = 0; i < 5; i++) {
            Sample s = tcp("s1", i, 0);
            push(new Sample(s.v(), s.time(), s.step(), io.overlaywatch.model.Side.RECEIVER, s.clientPod(),
                    s.serverPod(), s.srcNode(), s.dstNode(), s.stream(), false, s.start(), s.end(), false, 0, 0,
                    null, null, null, null, null, null, null, null));
            push(new Sample(s.v(), s.time(), s.step(), s.side(), s.clientPod(), s.serverPod(), s.srcNode(),
                    s.dstNode(), Sample.SUM_STREAM, true, s.start(), s.end(), false, 0, 0, 0L, 0L, null, null, null,
                    null, null, null));
        }
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
