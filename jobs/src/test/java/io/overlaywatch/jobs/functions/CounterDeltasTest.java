package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.CounterSeries;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.overlaywatch.jobs.functions.StepSummaries.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CounterDeltasTest {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration HORIZON = Duration.ofMinutes(5);

    /** A UDP step of run r1 whose samples run from T0 + 1 s to T0 + 10 s. */
    private final StepSummary step = StepSummaries.summary(
            StepSummaries.step("r1", Scenario.POLICY, "linear", Protocol.UDP, 4, 10000, 1, 1),
            T0 + 1_000, T0 + 10_000, 9, 0.06e9, 0.01e9);

    private KeyedTwoInputStreamOperatorTestHarness<String, Counter, StepSummary, StepCounters> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new CounterDeltas(SETTLE, HORIZON, 3)), Counter::run, Steps::run,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void read(long time, String source, String name, Map<String, String> labels, double value)
            throws Exception {
        harness.processElement1(new Counter(WireRecord.VERSION, time, "r1", "node-b", source, name, labels, value),
                time);
    }

    private void read(long time, String name, double value) throws Exception {
        read(time, "snmp", name, Map.of(), value);
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new Watermark(time));
    }

    @Test
    void shouldAttachTheThreeCountersThatMovedMostBetweenTheReadingsBeforeAndAfterTheStepLeavingTrafficVolumeOut()
            throws Exception {
        // The lab reads every counter right before a step and right after it.
        long before = T0 - 500;
        long after = T0 + 10_400;
        read(before, "snmp", "Udp_InErrors", Map.of(), 100);
        read(before, "netdev", "rx_bytes", Map.of("interface", "veth0"), 1e9);
        read(before, "snmp", "Tcp_RetransSegs", Map.of(), 50);
        read(before, "netdev", "rx_dropped", Map.of("interface", "veth0"), 0);
        read(before, "rules", "policy_rules", Map.of("profile", "linear"), 10000);
        read(after, "snmp", "Udp_InErrors", Map.of(), 3200);
        read(after, "netdev", "rx_bytes", Map.of("interface", "veth0"), 31e9);
        read(after, "snmp", "Tcp_RetransSegs", Map.of(), 52);
        read(after, "netdev", "rx_dropped", Map.of("interface", "veth0"), 7);
        harness.processElement2(step, step.time());
        watermark(step.time() + SETTLE.toMillis() - 1);
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(step.time() + SETTLE.toMillis());

        assertThat(harness.extractOutputValues()).singleElement().satisfies(out -> {
            assertThat(out.summary()).isEqualTo(step);
            // rx_bytes moved most, 30-fold, but by the step's own traffic: it explains nothing.
            assertThat(out.top()).extracting(CounterDelta::describe).containsExactly(
                    "+3,100 Udp_InErrors (node-b)",
                    "+7 rx_dropped{interface=veth0} (node-b)",
                    "+2 Tcp_RetransSegs (node-b)");
            CounterDelta errors = out.top().get(0);
            assertThat(errors.before()).isEqualTo(100);
            assertThat(errors.after()).isEqualTo(3200);
            assertThat(errors.relativeChange()).isEqualTo(31);
        });
    }

    @Test
    void shouldWaitForTheReadingAfterTheStepWhenItArrivesAfterTheSummary() throws Exception {
        read(T0 - 500, "Udp_InErrors", 100);
        harness.processElement2(step, step.time());
        read(T0 + 10_400, "Udp_InErrors", 3200);

        watermark(step.time() + SETTLE.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(out -> assertThat(out.top()).extracting(CounterDelta::delta).containsExactly(3100.0));
    }

    @Test
    void shouldTakeTheFirstReadingAfterTheStepAndNotTheNextStepsReading() throws Exception {
        read(T0 - 500, "Udp_InErrors", 100);
        read(T0 + 10_400, "Udp_InErrors", 3200);
        read(T0 + 11_000, "Udp_InErrors", 3300); // read before the next step

        harness.processElement2(step, step.time());
        watermark(T0 + 60_000);

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(out -> assertThat(out.top()).extracting(CounterDelta::after).containsExactly(3200.0));
    }

    @Test
    void shouldFallBackToTheLastReadingWithinTheStepWhenNoneCameRightAfterIt() throws Exception {
        // A collector that reads every 10 s, not in step with the sweep.
        read(T0 - 5_000, "Udp_InErrors", 100);
        read(T0 + 5_000, "Udp_InErrors", 1600);
        read(T0 + 15_000, "Udp_InErrors", 3300);

        harness.processElement2(step, step.time());
        watermark(T0 + 60_000);

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(out -> assertThat(out.top()).extracting(CounterDelta::delta).containsExactly(1500.0));
    }

    @Test
    void shouldAttachNothingForCountersThatDidNotMoveOrWereNotReadBeforeTheStep() throws Exception {
        read(T0 - 500, "rules", "policy_rules", Map.of(), 10000);
        read(T0 + 5_000, "Udp_InErrors", 100); // first read during the step
        read(T0 + 10_400, "Udp_InErrors", 3200);

        harness.processElement2(step, step.time());
        watermark(T0 + 60_000);

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(out -> assertThat(out.top()).isEmpty());
    }

    @Test
    void shouldEmitAtOnceWhenEventTimeIsAlreadyPastTheSettleTime() throws Exception {
        read(T0 - 500, "Udp_InErrors", 100);
        read(T0 + 10_400, "Udp_InErrors", 3200);
        watermark(T0 + 20_000);

        harness.processElement2(step, step.time());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(out -> assertThat(out.top()).hasSize(1));
    }

    @Test
    void shouldClearTheRunWithItsTimerAfterAHorizonWithoutReadingsOrSteps() throws Exception {
        read(T0 - 500, "Udp_InErrors", 100);
        read(T0 + 10_400, "Udp_InErrors", 3200);
        harness.processElement2(step, step.time());
        watermark(T0 + 10_400 + HORIZON.toMillis() - 1);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(T0 + 10_400 + HORIZON.toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldMoveTheCleanupOnWhileTheRunIsActive() throws Exception {
        read(T0 - 500, "Udp_InErrors", 100);
        watermark(T0 + HORIZON.toMillis() - 1_000);
        read(T0 + HORIZON.toMillis() - 500, "Udp_InErrors", 150);

        watermark(T0 + HORIZON.toMillis());

        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void shouldKeepACountersReadingsOfTheHorizonAndTheOneBeforeIt() {
        CounterSeries s = new CounterSeries("node-b", "snmp", "Udp_InErrors", "");
        for (int i = 0; i < 100; i++) {
            s.add(T0 + i * 1_000L, i);
            s.trim(s.newest() - 30_000, CounterDeltas.MAX_READINGS);
        }
        s.add(T0 + 50_500, -1); // late, and older than the horizon: dropped again
        s.trim(s.newest() - 30_000, CounterDeltas.MAX_READINGS);
        s.add(T0 + 99_000, 99); // the same time again: replaces

        // 70 s to 99 s, and 69 s: the reading before a step that began before the horizon.
        assertThat(s.times).hasSize(31);
        assertThat(s.times[0]).isEqualTo(T0 + 69_000);
        assertThat(s.values[s.lastAtOrBefore(T0 + 69_500)]).isEqualTo(69);
        assertThat(s.values[s.values.length - 1]).isEqualTo(99);

        s.trim(Long.MIN_VALUE, 5);
        assertThat(s.times).hasSize(5);
        assertThat(s.firstIn(T0 + 95_000, T0 + 96_000)).isEqualTo(1);
        assertThat(s.firstIn(T0 + 99_000, T0 + 120_000)).isEqualTo(-1);
    }
}
