package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.IntervalId;
import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

class DuplicateSampleFilterTest {

    private static final StepKey STEP = step("run-1", Protocol.TCP, 0, 1, 1);

    private KeyedOneInputStreamOperatorTestHarness<StreamKey, Incoming, Incoming> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DuplicateSampleFilter("samples")), DuplicateSampleFilter::keyOf,
                TypeInformation.of(StreamKey.class));
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(Sample s) throws Exception {
        harness.processElement(Incoming.of(s), s.time());
    }

    @Test
    void shouldPassEachIntervalOnceAndDeadLetterTheSecondCopyWithItsReason() throws Exception {
        Sample first = sample(STEP, Side.SENDER, "a", 0, 1e9, 0);
        Sample second = sample(STEP, Side.SENDER, "a", 1, 2e9, 0);

        push(first);
        push(second);
        push(first);

        assertThat(harness.extractOutputValues()).extracting(Incoming::sample).containsExactly(first, second, null);
        DeadLetter letter = harness.extractOutputValues().get(2).deadLetter();
        assertThat(letter.reason()).isEqualTo("duplicate sample: interval 0.0-1.0 s of stream a of client-1 (sender)"
                + " was counted already");
        assertThat(letter.topic()).isEqualTo("samples");
        assertThat(letter.partition()).isEqualTo(-1);
        assertThat(WireCodec.decode(Base64.getDecoder().decode(letter.rawBase64())).record()).isEqualTo(first);
        assertThat(RejectCategory.of(letter.reason())).isEqualTo(RejectCategory.DUPLICATE);
    }

    @Test
    void shouldTellTheSameIntervalOfOtherStreamsSidesAndStepsApart() throws Exception {
        Sample a = sample(STEP, Side.SENDER, "a", 0, 1e9, 0);
        Sample b = sample(STEP, Side.SENDER, "b", 0, 1e9, 0);
        Sample receiver = sample(STEP, Side.RECEIVER, "a", 0, 1e9, 0);
        Sample nextStep = sample(step("run-1", Protocol.TCP, 1, 10, 1), Side.SENDER, "a", 0, 1e9, 0);

        push(a);
        push(b);
        push(receiver);
        push(nextStep);

        assertThat(harness.extractOutputValues()).extracting(Incoming::sample).containsExactly(a, b, receiver, nextStep);
    }

    @Test
    void shouldForgetAStreamOnceTheWatermarkPassesItsNewestSample() throws Exception {
        Sample s = sample(STEP, Side.SENDER, "a", 0, 1e9, 0);
        push(s);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        harness.processWatermark(s.time());

        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepOneTimerPerStreamAndForgetEachIntervalOnceTheWatermarkPassesIt() throws Exception {
        Sample first = sample(STEP, Side.SENDER, "a", 0, 1e9, 0);
        Sample last = sample(STEP, Side.SENDER, "a", 2, 1e9, 0);
        push(first);
        push(sample(STEP, Side.SENDER, "a", 1, 1e9, 0));
        push(last);
        assertThat(harness.numEventTimeTimers()).isOne();

        harness.processWatermark(first.time());
        push(first); // late now: it passes on, and the step aggregation counts it as late, not twice
        assertThat(harness.numEventTimeTimers()).isOne();

        harness.processWatermark(last.time());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).extracting(Incoming::sample).containsExactly(first,
                sample(STEP, Side.SENDER, "a", 1, 1e9, 0), last, first);
    }

    @Test
    void shouldKeepTheStateOfAStreamThatNeverPausesBounded() throws Exception {
        for (int second = 0; second < 600; second++) {
            Sample s = sample(STEP, Side.SENDER, "a", second, 1e9, 0);
            push(s);
            harness.processWatermark(s.time() - 2_000);
        }

        assertThat(harness.numEventTimeTimers()).isOne();
        KeyedStateBackend<StreamKey> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(StreamKey.of(sample(STEP, Side.SENDER, "a", 0, 1e9, 0)));
        MapState<IntervalId, Long> seen = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>(DuplicateSampleFilter.SEEN_STATE,
                        TypeInformation.of(IntervalId.class), Types.LONG));
        // The intervals of the last seconds, which the watermark has not passed, out of 600.
        assertThat(seen.keys()).hasSizeBetween(1, 5);
    }

    @Test
    void shouldPassOtherRecordsUnchanged() throws Exception {
        StepMarker marker = end(STEP, 5_000);

        harness.processElement(Incoming.of(marker), marker.time());

        assertThat(harness.extractOutputValues()).containsExactly(Incoming.of(marker));
    }
}
