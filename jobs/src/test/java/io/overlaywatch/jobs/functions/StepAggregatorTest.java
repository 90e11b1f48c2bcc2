package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.QuantileSketch;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.ThroughputInterval;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class StepAggregatorTest {

    private static final Duration GAP = Duration.ofSeconds(30);
    private final StepKey tcp = step("r1", Protocol.TCP, 0, 100, 2);
    private final StepKey udp = step("r1", Protocol.UDP, 1, 100, 1);

    private KeyedOneInputStreamOperatorTestHarness<String, StepEvent, StepSummary> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = open(new StepAggregator(GAP), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    /** A harness that, like the job's tests, refuses Kryo: every state type must be a POJO or a basic type. */
    private static KeyedOneInputStreamOperatorTestHarness<String, StepEvent, StepSummary> open(
            StepAggregator aggregator, OperatorSubtaskState restored) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StepEvent, StepSummary> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(aggregator), StepEvent::key, Types.STRING);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().getSerializerConfig().configure(conf, StepAggregatorTest.class.getClassLoader());
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private void push(Sample s) throws Exception {
        harness.processElement(StepEvent.of(s), s.time());
    }

    private void closeStep(StepKey step, Side side, long time) throws Exception {
        harness.processElement(StepEvent.of(end(step, time), side), time);
        harness.processWatermark(time);
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

    /** The same sample with other transport figures. */
    private static Sample with(Sample s, Long retransmits, Long lost, Long packets, Double jitterMs) {
        return new Sample(s.v(), s.time(), s.step(), s.side(), s.clientPod(), s.serverPod(), s.srcNode(),
                s.dstNode(), s.stream(), s.sum(), s.start(), s.end(), s.omitted(), s.bytes(), s.bitsPerSecond(),
                retransmits, s.cwndBytes(), s.rttMicros(), jitterMs, lost, packets, s.congestion(), s.affinity());
    }

    private StepSummary onlySummary() {
        List<StepSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void shouldSummariseTheStepWhenTheWatermarkPassesItsEndMarker() throws Exception {
        pushTwoStreams();
        harness.processElement(StepEvent.of(end(tcp, T0 + 3500), Side.SENDER), T0 + 3500);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + 3500);

        StepSummary s = onlySummary();
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
    void shouldComputeQuantilesAndConfidenceIntervalsOfAKnownStepByHand() throws Exception {
        pushTwoStreams();
        closeStep(tcp, Side.SENDER, T0 + 3500);

        StepSummary s = onlySummary();
        // Per stream, sorted: 2, 4, 6, 10, 20, 30 Gbit/s (n = 6). Quantile q sits at rank h = (n - 1) q,
        // interpolated between its neighbours (Hyndman-Fan 7, numpy's default):
        //   median h = 2.5  -> 6 + 0.5 (10 - 6)  = 8
        //   p5     h = 0.25 -> 2 + 0.25 (4 - 2)  = 2.5
        //   p95    h = 4.75 -> 20 + 0.75 (30 - 20) = 27.5
        assertThat(s.medianBps()).isCloseTo(8e9, within(1.0));
        assertThat(s.p5Bps()).isCloseTo(2.5e9, within(1.0));
        assertThat(s.p95Bps()).isCloseTo(27.5e9, within(1.0));
        // mean 12, deviations -2 8 18 -10 -8 -6, squares sum to 592: s = sqrt(592 / 5) = 10.881176;
        // t(0.975, 5 df) = 2.570582; half-width = 2.570582 * 10.881176 / sqrt(6) = 11.419094 Gbit/s
        assertThat(s.ci95Bps()).isCloseTo(11.419094e9, within(1e4));
        // Cumulative per interval: 12, 24, 36 Gbit/s (n = 3):
        //   median h = 1   -> 24
        //   p5     h = 0.1 -> 12 + 0.1 (24 - 12) = 13.2
        //   p95    h = 1.9 -> 24 + 0.9 (36 - 24) = 34.8
        //   s = sqrt((144 + 0 + 144) / 2) = 12; t(0.975, 2 df) = 4.302653;
        //   half-width = 4.302653 * 12 / sqrt(3) = 29.809653 Gbit/s
        assertThat(s.cumulativeMedianBps()).isCloseTo(24e9, within(1.0));
        assertThat(s.cumulativeP5Bps()).isCloseTo(13.2e9, within(1.0));
        assertThat(s.cumulativeP95Bps()).isCloseTo(34.8e9, within(1.0));
        assertThat(s.cumulativeStddevBps()).isCloseTo(12e9, within(1.0));
        assertThat(s.cumulativeCi95Bps()).isCloseTo(29.809653e9, within(1e4));
        assertThat(s.exactQuantiles()).isTrue();
        // 6 sender samples with 3 retransmits each; a TCP step reports no loss or jitter.
        assertThat(s.retransmits()).isEqualTo(18L);
        assertThat(s.lossPercent()).isNull();
        assertThat(s.jitterMs()).isNull();
    }

    @Test
    void shouldReportNoSpreadForASingleSample() throws Exception {
        push(sample(tcp, Side.SENDER, "a", 0, 5e9, 0));
        closeStep(tcp, Side.SENDER, T0 + 1500);

        StepSummary s = onlySummary();
        assertThat(s.medianBps()).isEqualTo(5e9);
        assertThat(s.p5Bps()).isEqualTo(5e9);
        assertThat(s.p95Bps()).isEqualTo(5e9);
        assertThat(s.ci95Bps()).isZero();
        assertThat(s.cumulativeCi95Bps()).isZero();
    }

    @Test
    void shouldLeaveOutSamplesWhoseIntervalStartsWithinTheWarmUp() throws Exception {
        harness.close();
        harness = open(new StepAggregator(GAP, Duration.ofSeconds(2), StepAggregator.DEFAULT_EXACT_LIMIT), null);
        // Intervals 0-1 .. 4-5 at 1, 2, 3, 4, 5 Gbit/s: those starting at 0 and 1 s are warm-up.
        for (int i = 0; i < 5; i++) {
            push(with(sample(tcp, Side.SENDER, "a", i, (i + 1) * 1e9, 0), (long) i + 1, null, null, null));
        }
        closeStep(tcp, Side.SENDER, T0 + 5500);

        StepSummary s = onlySummary();
        assertThat(s.samples()).isEqualTo(3);
        assertThat(s.meanBps()).isCloseTo(4e9, within(1.0));
        assertThat(s.minBps()).isEqualTo(3e9);
        assertThat(s.medianBps()).isCloseTo(4e9, within(1.0));
        assertThat(s.firstTime()).isEqualTo(T0 + 3000);
        assertThat(s.intervals()).isEqualTo(3);
        assertThat(s.retransmits()).isEqualTo(3L + 4 + 5);
        assertThat(harness.getSideOutput(StepAggregator.INTERVALS)).extracting(r -> r.getValue().index())
                .containsExactlyInAnyOrder(2, 3, 4);
    }

    @Test
    void shouldSumTheRetransmitsOfTheStepsSenderSamples() throws Exception {
        long[] retransmits = {0, 5, 7, 11};
        for (int i = 0; i < retransmits.length; i++) {
            push(with(sample(tcp, Side.SENDER, "s" + (i % 2), i / 2, 1e9, i), retransmits[i], null, null, null));
        }
        push(with(sample(tcp, Side.RECEIVER, "s0", 0, 1e9, 0), null, null, null, null));
        harness.processElement(StepEvent.of(end(tcp, T0 + 2500), Side.RECEIVER), T0 + 2500);
        closeStep(tcp, Side.SENDER, T0 + 2500);

        List<StepSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        StepSummary sender = out.stream().filter(s -> s.side() == Side.SENDER).findFirst().orElseThrow();
        StepSummary receiver = out.stream().filter(s -> s.side() == Side.RECEIVER).findFirst().orElseThrow();
        assertThat(sender.retransmits()).isEqualTo(23L);
        // The receiver reports no retransmits: absent, not 0.
        assertThat(receiver.retransmits()).isNull();
    }

    @Test
    void shouldComputeUdpLossFromLostOverExpectedDatagramsAndTheMeanJitter() throws Exception {
        // (lost, packets, jitter ms): (10, 1000, 0.5), (0, 1000, 0.1), (30, 2000, 0.3)
        // loss = (10 + 0 + 30) / (1000 + 1000 + 2000) * 100 = 1.0 %; jitter = (0.5 + 0.1 + 0.3) / 3 = 0.3 ms
        long[] lost = {10, 0, 30};
        long[] packets = {1000, 1000, 2000};
        double[] jitter = {0.5, 0.1, 0.3};
        for (int i = 0; i < 3; i++) {
            push(with(sample(udp, Side.RECEIVER, "u", i, 400e6, 0), null, lost[i], packets[i], jitter[i]));
        }
        closeStep(udp, Side.RECEIVER, T0 + 3500);

        StepSummary s = onlySummary();
        assertThat(s.lossPercent()).isCloseTo(1.0, within(1e-12));
        assertThat(s.jitterMs()).isCloseTo(0.3, within(1e-12));
        assertThat(s.retransmits()).isNull();
        assertThat(InfluxLines.summary(s)).contains("loss_pct=1.0", "jitter_ms=0.3")
                .doesNotContain("retransmits");
    }

    @Test
    void shouldStayExactUpToTheLimitAndSwitchToTheSketchOneSamplePastIt() throws Exception {
        harness.close();
        harness = open(new StepAggregator(GAP, Duration.ZERO, 6), null);
        pushTwoStreams();
        closeStep(tcp, Side.SENDER, T0 + 3500);
        assertThat(onlySummary().exactQuantiles()).isTrue();

        harness.close();
        harness = open(new StepAggregator(GAP, Duration.ZERO, 5), null);
        pushTwoStreams();
        closeStep(tcp, Side.SENDER, T0 + 3500);
        StepSummary s = onlySummary();
        assertThat(s.exactQuantiles()).isFalse();
        assertThat(s.meanBps()).isCloseTo(12e9, within(1.0));
        assertThat(s.cumulativeMedianBps()).isCloseTo(24e9, within(1.0)); // 3 intervals: still exact
    }

    @Test
    void shouldEstimateQuantilesWithinOnePercentPastTheLimitInBoundedState() throws Exception {
        harness.close();
        int limit = 1000;
        harness = open(new StepAggregator(GAP, Duration.ZERO, limit), null);
        double[] values = uniform(10_000);
        for (int i = 0; i < values.length; i++) {
            push(sample(tcp, Side.SENDER, "a", i, values[i], 0));
        }

        // Live, the step holds one digest of about a KiB and less than a batch of values, not 10,000.
        String key = StepEvent.keyOf(tcp, Side.SENDER);
        assertThat(bufferedValues(key)).hasSizeLessThan(StepAggregator.FOLD_BATCH);
        QuantileSketch live = sketchState(key);
        assertThat(live.isExact()).isFalse();
        assertThat(live.digest.length).isLessThan(8 * 1024);

        closeStep(tcp, Side.SENDER, T0 + values.length * 1000L + 500);

        StepSummary s = onlySummary();
        assertThat(s.exactQuantiles()).isFalse();
        assertThat(s.samples()).isEqualTo(10_000);
        assertThat(s.intervals()).isEqualTo(10_000);
        assertQuantilesNearExact(s, values);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldRestoreTheSketchFromACheckpointWithoutKryo() throws Exception {
        harness.close();
        StepAggregator aggregator = new StepAggregator(GAP, Duration.ZERO, 1000);
        harness = open(aggregator, null);
        double[] values = uniform(10_000);
        for (int i = 0; i < 5_000; i++) {
            push(sample(tcp, Side.SENDER, "a", i, values[i], 0));
        }
        OperatorSubtaskState checkpoint = harness.snapshot(1L, T0 + 5_000_000);
        harness.close();

        harness = open(new StepAggregator(GAP, Duration.ZERO, 1000), checkpoint);
        for (int i = 5_000; i < values.length; i++) {
            push(sample(tcp, Side.SENDER, "a", i, values[i], 0));
        }
        closeStep(tcp, Side.SENDER, T0 + values.length * 1000L + 500);

        StepSummary s = onlySummary();
        assertThat(s.samples()).isEqualTo(10_000);
        assertQuantilesNearExact(s, values);
    }

    @Test
    void shouldClearValuesSketchStateAndTimersWhenAStepCloses() throws Exception {
        harness.close();
        harness = open(new StepAggregator(GAP, Duration.ZERO, 10), null);
        for (int i = 0; i < 25; i++) {
            push(with(sample(udp, Side.RECEIVER, "u", i, 1e9 + i, 0), null, 1L, 100L, 0.2));
        }
        String key = StepEvent.keyOf(udp, Side.RECEIVER);
        assertThat(sketchState(key)).isNotNull();
        assertThat(bufferedValues(key)).isNotEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the gap timer

        harness.processElement(StepEvent.of(end(udp, T0 + 25_500), Side.RECEIVER), T0 + 25_500);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark(T0 + 25_500);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(sketchState(key)).isNull();
        assertThat(bufferedValues(key)).isEmpty();
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
    void shouldLeaveSumLinesOmittedIntervalsAndLateSamplesOutAndPassLateSamplesOn() throws Exception {
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
        Sample late = sample(tcp, Side.SENDER, "a", 2, 5e9, 0); // ends at T0+3000, behind the watermark
        push(late);

        harness.processWatermark(Long.MAX_VALUE);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.samples()).isEqualTo(1);
            assertThat(s.meanBps()).isEqualTo(1e9);
        });
        assertThat(harness.getSideOutput(StepAggregator.LATE)).extracting(r -> r.getValue()).containsExactly(late);
    }

    @Test
    void shouldRateHowFairlyTheStepsPairsSharedTheBytes() throws Exception {
        StepKey pods = step("r1", Protocol.TCP, 0, 0, 2);
        for (int i = 0; i < 3; i++) {
            push(sample(pods, Side.SENDER, "a", i, 3e9, 0));
            push(fromClient("client-2", sample(pods, Side.SENDER, "b", i, 1e9, 0)));
        }
        harness.processWatermark(Long.MAX_VALUE);

        // Shares 3:1 of two pairs: (3 + 1)^2 / (2 * (9 + 1)) = 0.8.
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.pairFairness()).isCloseTo(0.8, within(1e-9)));
        assertThat(StepAggregator.jainIndex(List.of(5L))).isNaN();
        assertThat(StepAggregator.jainIndex(List.of(7L, 7L, 7L))).isEqualTo(1.0);
    }

    private static Sample fromClient(String clientPod, Sample s) {
        return new Sample(s.v(), s.time(), s.step(), s.side(), clientPod, s.serverPod(), s.srcNode(), s.dstNode(),
                s.stream(), s.sum(), s.start(), s.end(), s.omitted(), s.bytes(), s.bitsPerSecond(), s.retransmits(),
                s.cwndBytes(), s.rttMicros(), s.jitterMs(), s.lost(), s.packets(), s.congestion(), s.affinity());
    }

    @Test
    void shouldEmitNothingForAnEndMarkerOfASideWithoutSamples() throws Exception {
        harness.processElement(StepEvent.of(end(tcp, T0 + 3500), Side.RECEIVER), T0 + 3500);
        harness.processWatermark(T0 + 3500);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** Uniform between 1 and 10 Gbit/s, the same every run. */
    private static double[] uniform(int n) {
        Random random = new Random(42);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1e9 + 9e9 * random.nextDouble();
        }
        return values;
    }

    /** One stream, so the cumulative series is the per-stream one: both are checked against the exact quantiles. */
    private static void assertQuantilesNearExact(StepSummary s, double[] values) {
        Percentile exact = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        exact.setData(values);
        assertThat(s.medianBps()).isCloseTo(exact.evaluate(50), withinPercentage(1));
        assertThat(s.p5Bps()).isCloseTo(exact.evaluate(5), withinPercentage(1));
        assertThat(s.p95Bps()).isCloseTo(exact.evaluate(95), withinPercentage(1));
        assertThat(s.cumulativeMedianBps()).isCloseTo(exact.evaluate(50), withinPercentage(1));
        assertThat(s.cumulativeP5Bps()).isCloseTo(exact.evaluate(5), withinPercentage(1));
        assertThat(s.cumulativeP95Bps()).isCloseTo(exact.evaluate(95), withinPercentage(1));
        // Moments stay exact past the limit.
        assertThat(s.meanBps()).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1.0));
        assertThat(s.minBps()).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(s.maxBps()).isEqualTo(Arrays.stream(values).max().orElseThrow());
        // t(0.975, 9,999 df) = 1.9602
        assertThat(s.ci95Bps()).isCloseTo(1.9602 * s.stddevBps() / Math.sqrt(values.length), withinPercentage(0.01));
    }

    private List<Double> bufferedValues(String key) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        ListState<Double> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>(StepAggregator.VALUES_STATE, Types.DOUBLE));
        List<Double> list = new ArrayList<>();
        Iterable<Double> all = state.get();
        if (all != null) {
            all.forEach(list::add);
        }
        return list;
    }

    private QuantileSketch sketchState(String key) throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        ValueState<QuantileSketch> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(StepAggregator.SKETCH_STATE, Types.POJO(QuantileSketch.class)));
        return state.value();
    }
}
