package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StepAggregatorTest {

    private static final Duration GAP = Duration.ofSeconds(30);
    private final StepKey tcp = step("r1", Protocol.TCP, 0, 100, 2);

    private KeyedOneInputStreamOperatorTestHarness<String, StepEvent, StepSummary> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StepAggregator(GAP)), StepEvent::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(Sample s) throws Exception {
        harness.processElement(StepEvent.of(s), s.time());
    }

    /** Two streams of 3 intervals: a at 10, 20, 30 Gbit/s; b at 2, 4, 6 Gbit/s. */
    private void pushTwoStreams() throws Exception {
        double[] a = {10e9, 20e9, 30e9};
        double[] b = {2e9, 4e9, 6e9};
        for (int i = 0; i < 3; i++) {
            push(sample(tcp, Side.SENDER, "a", i, a[i], 0));
            push(sample(tcp, Side.SENDER, "b", i, b[i], 120));
        }
    }

    @Test
    void shouldSummariseTheStepWhenTheWatermarkPassesItsEndMarker() throws Exception {
        pushTwoStreams();
        harness.processElement(StepEvent.of(end(tcp, T0 + 3500), Side.SENDER), T0 + 3500);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + 3500);

        List<StepSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        StepSummary s = out.get(0);
        assertThat(s.step()).isEqualTo(tcp);
        assertThat(s.side()).isEqualTo(Side.SENDER);
        assertThat(s.streams()).isEqualTo(2);
        assertThat(s.samples()).isEqualTo(6);
        assertThat(s.meanBps()).isCloseTo(12e9, within(1.0));
        assertThat(s.minBps()).isEqualTo(2e9);
        assertThat(s.maxBps()).isEqualTo(30e9);
        // sample stddev of {10,20,30,2,4,6} Gbit/s
        assertThat(s.stddevBps()).isCloseTo(Math.sqrt(592.0 / 5) * 1e9, within(1e3));
        assertThat(s.intervals()).isEqualTo(3);
        assertThat(s.cumulativeMeanBps()).isCloseTo(24e9, within(1.0));
        assertThat(s.closedByMarker()).isTrue();
        assertThat(s.firstTime()).isEqualTo(T0 + 1000);
        assertThat(s.time()).isEqualTo(T0 + 3120);

        List<ThroughputInterval> intervals = harness.getSideOutput(StepAggregator.INTERVALS).stream()
                .map(StreamRecord::getValue).sorted(Comparator.comparingInt(ThroughputInterval::index)).toList();
        assertThat(intervals).extracting(ThroughputInterval::bitsPerSecond).containsExactly(12e9, 24e9, 36e9);
        assertThat(intervals).extracting(ThroughputInterval::streams).containsOnly(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldCloseAStepWithoutMarkerAfterTheGap() throws Exception {
        pushTwoStreams();
        harness.processWatermark(T0 + 3120 + GAP.toMillis() - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + 3120 + GAP.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.closedByMarker()).isFalse());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldKeepTheStepOpenWhileSamplesKeepComingWithinTheGap() throws Exception {
        push(sample(tcp, Side.SENDER, "a", 0, 1e9, 0));
        harness.processWatermark(T0 + 20_000);
        push(sample(tcp, Side.SENDER, "a", 25, 3e9, 0));
        harness.processWatermark(T0 + 1000 + GAP.toMillis());
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + 26_000 + GAP.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.samples()).isEqualTo(2));
    }

    @Test
    void shouldIgnoreSumLinesOmittedIntervalsAndLateSamples() throws Exception {
        push(sample(tcp, Side.SENDER, "a", 0, 1e9, 0));
        Sample sum = sample(tcp, Side.SENDER, Sample.SUM_STREAM, 0, 9e9, 0);
        push(new Sample(sum.v(), sum.time(), sum.step(), sum.side(), sum.clientPod(), sum.serverPod(),
                sum.srcNode(), sum.dstNode(), sum.stream(), true, sum.start(), sum.end(), false, sum.bytes(),
                sum.bitsPerSecond(), null, null, null, null, null, null, null, null));
        Sample warm = sample(tcp, Side.SENDER, "a", 1, 7e9, 0);
        push(new Sample(warm.v(), warm.time(), warm.step(), warm.side(), warm.clientPod(), warm.serverPod(),
                warm.srcNode(), warm.dstNode(), warm.stream(), false, warm.start(), warm.end(), true,
                warm.bytes(), warm.bitsPerSecond(), null, null, null, null, null, null, null, null));
        harness.processWatermark(T0 + 5000);
        push(sample(tcp, Side.SENDER, "a", 2, 5e9, 0)); // ends at T0+3000, behind the watermark

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.samples()).isEqualTo(1);
            assertThat(s.meanBps()).isEqualTo(1e9);
        });
    }

    @Test
    void shouldEmitNothingForAnEndMarkerOfASideWithoutSamples() throws Exception {
        harness.processElement(StepEvent.of(end(tcp, T0 + 3500), Side.RECEIVER), T0 + 3500);
        harness.processWatermark(T0 + 3500);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
