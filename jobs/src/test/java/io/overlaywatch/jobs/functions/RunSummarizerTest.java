package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel.Datapath;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.overlaywatch.jobs.functions.StepSummaries.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunSummarizerTest {

    private static final Duration GAP = Duration.ofSeconds(60);
    /** Steps of the lab: 10 s of samples, the first counted one at 1 s, a step every 12 s. */
    private static final long STEP_EVERY = 12_000;
    private static final long FIRST_SAMPLE = 1_000;
    private static final long LAST_SAMPLE = 10_000;
    private static final long LONGEST = LAST_SAMPLE - FIRST_SAMPLE;

    private KeyedOneInputStreamOperatorTestHarness<String, StepSummary, RunSummary> harness;
    private int index;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RunSummarizer(GAP, 20, 20)), Steps::run, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private long start(int stepIndex) {
        return T0 + stepIndex * STEP_EVERY;
    }

    /** The next step of the run, as the sweep driver numbers them, with the step's summary pushed at its end. */
    private StepSummary push(String run, Scenario scenario, String cni, Protocol protocol, int policies, int pods,
                             int repetition, double bps) throws Exception {
        int i = index++;
        StepKey step = StepSummaries.step(run, scenario, cni, protocol, i, policies, pods, repetition);
        StepSummary s = scenario == Scenario.POD
                ? StepSummaries.pods(step, start(i) + FIRST_SAMPLE, start(i) + LAST_SAMPLE, bps,
                        pods == 1 ? Double.NaN : 1 - pods / 100.0)
                : StepSummaries.summary(step, start(i) + FIRST_SAMPLE, start(i) + LAST_SAMPLE, 9, bps, bps * 0.03);
        harness.processElement(s, s.time());
        return s;
    }

    private void policySweep(String run, String cni, Function<Integer, Double> meanBps, double noise, long seed)
            throws Exception {
        Random random = new Random(seed);
        for (int count : LabNumbers.POLICY_COUNTS) {
            for (int repetition = 1; repetition <= 3; repetition++) {
                push(run, Scenario.POLICY, cni, Protocol.TCP, count, 1, repetition,
                        LabNumbers.noisy(random, meanBps.apply(count), noise));
            }
        }
    }

    private long lastEnd() {
        return start(index - 1) + LAST_SAMPLE;
    }

    private List<Alert> alerts() {
        return harness.getSideOutput(RunSummarizer.ALERTS) == null ? List.of()
                : harness.getSideOutput(RunSummarizer.ALERTS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void shouldSummariseLinearAsLinearCostAndHashedAsConstantCostWhenTheRunIsComplete() throws Exception {
        policySweep("r1", "linear", LabNumbers::linearBps, 0.05, 7);
        policySweep("r1", "hashed", LabNumbers::hashedBps, 0.12, 7);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(lastEnd() + LONGEST + GAP.toMillis());

        Map<String, RunSummary> byCni = harness.extractOutputValues().stream()
                .collect(Collectors.toMap(RunSummary::cni, s -> s));
        assertThat(byCni).containsOnlyKeys("linear", "hashed");

        RunSummary linear = byCni.get("linear");
        assertThat(linear.costModel().datapath()).isEqualTo(Datapath.LINEAR_COST);
        assertThat(linear.counts()).containsExactly(LabNumbers.POLICY_COUNTS);
        assertThat(linear.repetitions()).containsOnly(3);
        assertThat(linear.steps()).isEqualTo(18);
        assertThat(linear.referenceCount()).isEqualTo(1);
        assertThat(linear.referenceBps() / 1e9).isCloseTo(27, within(2.0));
        assertThat(linear.lastCount()).isEqualTo(10000);
        assertThat(linear.lastBps() / 1e9).isCloseTo(1.9, within(0.3));
        assertThat(linear.lastChangePct()).isCloseTo(-93, within(2.0));
        assertThat(linear.sentence()).startsWith("linear tcp: 1.").contains("Gbit/s at 10,000 policies against 2")
                .contains("Gbit/s at 1 policy (-9").contains("; linear-cost: -2.");

        RunSummary hashed = byCni.get("hashed");
        assertThat(hashed.costModel().datapath()).isEqualTo(Datapath.CONSTANT_COST);
        assertThat(Math.abs(hashed.lastChangePct())).isLessThan(20);
        assertThat(hashed.sentence()).contains("constant-cost");

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.DEGRADATION);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.key()).isEqualTo("policy/linear/tcp");
            assertThat(a.run()).isEqualTo("r1");
            assertThat(a.observed()).isEqualTo(linear.lastBps());
            assertThat(a.baseline()).isEqualTo(linear.referenceBps());
            assertThat(a.changePct()).isEqualTo(linear.lastChangePct());
            assertThat(a.reason()).isEqualTo(linear.sentence());
            assertThat(a.problems()).isEmpty();
        });
    }

    @Test
    void shouldCompareThePodSweepWithTheExpectedThroughputOfOnePair() throws Exception {
        // The paper's Calico TCP: about 2.4 Gbit/s for one pair, half of it summed over 40.
        double[] cumulative = {2.4e9, 2.3e9, 2.0e9, 1.7e9, 1.4e9, 1.2e9};
        int[] pairs = {1, 2, 4, 8, 16, 40};
        for (int i = 0; i < pairs.length; i++) {
            push("r2", Scenario.POD, "calico", Protocol.TCP, 100, pairs[i], 1, cumulative[i]);
        }

        harness.processWatermark(lastEnd() + LONGEST + GAP.toMillis());

        RunSummary pod = harness.extractOutputValues().get(0);
        assertThat(pod.podSweep()).isTrue();
        assertThat(pod.costModel()).isNull();
        assertThat(pod.expectedFromOnePair()).isTrue();
        assertThat(pod.referenceBps()).isEqualTo(2.4e9);
        assertThat(pod.throughputBps()).containsExactly(cumulative);
        assertThat(pod.lastChangeBps()).isCloseTo(-1.2e9, within(1.0));
        assertThat(pod.lastChangePct()).isCloseTo(-50, within(1e-9));
        assertThat(pod.sentence()).isEqualTo("calico tcp: cumulative 1.2 Gbit/s at 40 pods against the expected"
                + " 2.4 Gbit/s of one pair (-50.0%, -1.2 Gbit/s at 40 pods); Jain's fairness 0.60 at 40 pods");
        assertThat(pod.fairness()[0]).isNaN();
        assertThat(java.util.Arrays.copyOfRange(pod.fairness(), 1, 6))
                .containsExactly(new double[] {0.98, 0.96, 0.92, 0.84, 0.60}, within(1e-9));
        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.key()).isEqualTo("pod/calico/tcp"));
    }

    @Test
    void shouldRaiseNoDegradationAlertBelowTheThreshold() throws Exception {
        push("r3", Scenario.POD, "hashed", Protocol.UDP, 1, 1, 1, 0.50e9);
        push("r3", Scenario.POD, "hashed", Protocol.UDP, 1, 40, 1, 0.42e9); // -16%

        harness.processWatermark(lastEnd() + LONGEST + GAP.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.lastChangePct()).isCloseTo(-16, within(1e-9)));
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldKeepTheRunOpenWhileItsStepsKeepEndingWithinAStepAndTheGap() throws Exception {
        push("r4", Scenario.POLICY, "linear", Protocol.TCP, 1, 1, 1, 27e9);
        long firstDue = lastEnd() + LONGEST + GAP.toMillis();
        harness.processWatermark(firstDue - 1);
        push("r4", Scenario.POLICY, "linear", Protocol.TCP, 10000, 1, 1, 2e9);
        harness.processWatermark(firstDue);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(lastEnd() + LONGEST + GAP.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.counts()).containsExactly(1, 10000));
    }

    @Test
    void shouldWaitLongerForARunWhoseStepsAreLongerThanTheGap() throws Exception {
        // The paper's 300 s steps: a 60 s gap alone would close the run while its next step runs.
        StepKey first = StepSummaries.step("r5", Scenario.POLICY, "calico", Protocol.TCP, 0, 1, 1, 1);
        StepSummary s0 = StepSummaries.summary(first, T0 + 1_000, T0 + 300_000, 299, 2.4e9, 0.1e9);
        harness.processElement(s0, s0.time());
        harness.processWatermark(T0 + 300_000 + GAP.toMillis() + 200_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        StepKey second = StepSummaries.step("r5", Scenario.POLICY, "calico", Protocol.TCP, 1, 1000, 1, 1);
        StepSummary s1 = StepSummaries.summary(second, T0 + 306_000, T0 + 605_000, 299, 2.2e9, 0.1e9);
        harness.processElement(s1, s1.time());
        harness.processWatermark(T0 + 605_000 + 299_000 + GAP.toMillis());

        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(s -> assertThat(s.counts()).containsExactly(1, 1000));
    }

    @Test
    void shouldClearTheRunWithItsTimerAndForgetItAfterTheRetention() throws Exception {
        push("r6", Scenario.POLICY, "linear", Protocol.TCP, 1, 1, 1, 27e9);
        push("r6", Scenario.POLICY, "linear", Protocol.TCP, 10000, 1, 1, 2e9);
        long due = lastEnd() + LONGEST + GAP.toMillis();

        harness.processWatermark(due);

        assertThat(harness.extractOutputValues()).hasSize(1);
        // Only the closed-run marker is left, with the one timer that clears it.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(due + RunSummarizer.CLOSED_RETENTION_GAPS * GAP.toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldDropAStepThatArrivesAfterItsRunWasSummarised() throws Exception {
        push("r7", Scenario.POLICY, "linear", Protocol.TCP, 1, 1, 1, 27e9);
        push("r7", Scenario.POLICY, "linear", Protocol.TCP, 10000, 1, 1, 2e9);
        harness.processWatermark(lastEnd() + LONGEST + GAP.toMillis());
        assertThat(harness.extractOutputValues()).hasSize(1);

        push("r7", Scenario.POLICY, "linear", Protocol.TCP, 5000, 1, 1, 3e9);
        harness.processWatermark(lastEnd() + 10 * (LONGEST + GAP.toMillis()));

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void shouldIgnoreTheOtherSideAndLiveProbing() throws Exception {
        StepSummary tcp = push("r8", Scenario.POLICY, "linear", Protocol.TCP, 1, 1, 1, 27e9);
        harness.processElement(StepSummaries.otherSide(tcp), tcp.time());
        StepKey live = StepSummaries.step("r8", Scenario.LIVE, "linear", Protocol.TCP, 1, 1, 1, 1);
        StepSummary liveSummary = StepSummaries.summary(live, T0 + 20_000, T0 + 30_000, 10, 5e9, 1e8);
        harness.processElement(liveSummary, liveSummary.time());

        harness.processWatermark(Long.MAX_VALUE - 1);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.side()).isEqualTo(Side.SENDER);
            assertThat(s.steps()).isEqualTo(1);
            assertThat(s.costModel().datapath()).isEqualTo(Datapath.UNDETERMINED);
            assertThat(s.sentence()).isEqualTo("linear tcp: 27.0 Gbit/s at 1 policy only; undetermined");
        });
    }
}
