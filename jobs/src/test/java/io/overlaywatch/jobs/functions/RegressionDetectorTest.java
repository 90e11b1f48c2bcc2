package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.overlaywatch.jobs.functions.StepSummaries.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RegressionDetectorTest {

    private static final Duration TTL = Duration.ofDays(30);
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** A 10 s step: 9 one-second samples counted per repetition, 12 s from one repetition to the next. */
    private static final int SAMPLES = 9;
    private static final long LONGEST = 9_000;
    /** Spread of one-second samples around their run's mean (pinned iperf3 in the lab). */
    private static final double SAMPLE_NOISE = 0.04;
    /** Spread of a run's mean around the true mean, from run to run. */
    private static final double RUN_NOISE = 0.015;

    private KeyedOneInputStreamOperatorTestHarness<String, StepCounters, Alert> harness;
    private final Random random = new Random(11);

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new RegressionDetector(
                        new RegressionDetector.Settings(5, 3, 0.01, 5, 2, TTL, GAP))),
                in -> Steps.stepKey(in.summary().step()), Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static long end(int run, int repetition) {
        return T0 + run * DAY + repetition * 12_000L + 10_000;
    }

    /** One repetition of the step in run {@code run} (runs a day apart), samples drawn around {@code meanBps}. */
    private StepSummary repetition(int run, int policies, int repetition, double meanBps, List<CounterDelta> top)
            throws Exception {
        StepKey key = StepSummaries.step("r" + run, Scenario.POLICY, "linear", Protocol.TCP, repetition - 1,
                policies, 1, repetition);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double x = meanBps * (1 + SAMPLE_NOISE * random.nextGaussian());
            sum += x;
            sumOfSquares += x * x;
        }
        double mean = sum / SAMPLES;
        double sd = Math.sqrt((sumOfSquares - sum * sum / SAMPLES) / (SAMPLES - 1));
        long time = end(run, repetition);
        StepSummary s = StepSummaries.summary(key, time - LONGEST, time, SAMPLES, mean, sd);
        harness.processElement(new StepCounters(s, top), s.time());
        return s;
    }

    /** Three repetitions of run {@code run}, its mean drawn around {@code trueMeanBps} with run-to-run noise. */
    private void repetitions(int run, int policies, double trueMeanBps, List<CounterDelta> top) throws Exception {
        double runMean = trueMeanBps * (1 + RUN_NOISE * random.nextGaussian());
        for (int repetition = 1; repetition <= 3; repetition++) {
            repetition(run, policies, repetition, runMean, top);
        }
    }

    /** A run's three repetitions, then event time past the judging time. */
    private void run(int run, int policies, double trueMeanBps) throws Exception {
        repetitions(run, policies, trueMeanBps, List.of());
        judge(run);
    }

    private void judge(int run) throws Exception {
        harness.processWatermark(end(run, 3) + LONGEST + GAP.toMillis());
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldFireARegressionForATwentyPercentDropNamingTheStepRunsPValueAndCounters() throws Exception {
        for (int r = 1; r <= 5; r++) {
            run(r, 10000, 20e9);
        }
        assertThat(alerts()).isEmpty();
        List<CounterDelta> moved = List.of(
                new CounterDelta("node-b", "snmp", "Udp_InErrors", "", 100, 3200, 3100, 31),
                new CounterDelta("node-b", "rules", "policy_rules", "profile=linear", 10, 10000, 9990, 999));

        repetitions(6, 10000, 16e9, moved);
        harness.processWatermark(end(6, 3) + LONGEST + GAP.toMillis() - 1);
        assertThat(alerts()).isEmpty();
        judge(6);

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(Alert.Type.REGRESSION);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.key()).isEqualTo("policy/linear/tcp/policies=10000/pods=1");
            assertThat(a.run()).isEqualTo("r6");
            assertThat(a.time()).isEqualTo(end(6, 3));
            assertThat(a.observed() / 1e9).isCloseTo(16, within(1.0));
            assertThat(a.baseline() / 1e9).isCloseTo(20, within(1.0));
            assertThat(a.changePct()).isCloseTo(-20, within(5.0));
            assertThat(a.score()).isLessThan(0.01);
            assertThat(a.problems()).isEmpty();
            assertThat(a.reason())
                    .startsWith("policy/linear/tcp/policies=10000/pods=1 in run r6 regressed: ")
                    .contains(" Gbit/s per stream against ")
                    .contains(" in runs r1, r2, r3, r4, r5 (-")
                    .contains(", p=")
                    .contains("against the runs' spread; 3 repetitions, 27 samples vs 135)")
                    .endsWith("counters that moved most in the step: +3,100 Udp_InErrors (node-b),"
                            + " +9,990 policy_rules{profile=linear} (node-b)");
        });
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldFindEveryTwentyPercentDropAndNoDifferenceOfTwoPercentOverManyRealisticRuns() throws Exception {
        // Each policy count is its own step and key: 100 independent histories.
        for (int r = 1; r <= 5; r++) {
            for (int policies = 1; policies <= 100; policies++) {
                repetitions(r, policies, 20e9, List.of());
            }
            judge(r);
        }
        double[] shifts = {0.98, 1.02, 1.0, 0.99};
        for (int r = 6; r <= 9; r++) {
            for (int policies = 1; policies <= 100; policies++) {
                repetitions(r, policies, 20e9 * shifts[r - 6], List.of());
            }
            judge(r);
        }
        assertThat(alerts()).isEmpty();

        for (int policies = 1; policies <= 100; policies++) {
            repetitions(10, policies, 20e9 * 0.80, List.of());
        }
        judge(10);

        assertThat(alerts()).hasSize(100).allSatisfy(a -> assertThat(a.run()).isEqualTo("r10"));
    }

    @Test
    void shouldJudgeTheRunOnceItsRepetitionsAreInAndNotEachRepetition() throws Exception {
        for (int r = 1; r <= 3; r++) {
            run(r, 1000, 20e9);
        }
        // One repetition on another core: 15 Gbit/s, then two normal ones. The run as a whole did not regress.
        repetition(4, 1000, 1, 15e9, List.of());
        harness.processWatermark(end(4, 1) + LONGEST);
        repetition(4, 1000, 2, 21.5e9, List.of());
        repetition(4, 1000, 3, 21.5e9, List.of());
        judge(4);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldFireOncePerRunEvenWhenARepetitionComesAfterTheVerdict() throws Exception {
        for (int r = 1; r <= 3; r++) {
            run(r, 1000, 20e9);
        }
        run(4, 1000, 15e9);
        assertThat(alerts()).hasSize(1);

        repetition(4, 1000, 4, 14e9, List.of());
        harness.processWatermark(end(4, 4) + LONGEST + GAP.toMillis());

        assertThat(alerts()).hasSize(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepARegressedRunOutOfTheBaseline() throws Exception {
        for (int r = 1; r <= 5; r++) {
            run(r, 100, 20e9);
        }
        run(6, 100, 14e9);
        run(7, 100, 20e9);
        assertThat(alerts()).hasSize(1);

        run(8, 100, 15e9);

        // r6 regressed and stays out; the newest five good runs are r2 to r5 and r7.
        assertThat(alerts()).hasSize(2).last().satisfies(a -> {
            assertThat(a.run()).isEqualTo("r8");
            assertThat(a.reason()).contains("in runs r2, r3, r4, r5, r7 (");
            assertThat(a.baseline() / 1e9).isCloseTo(20, within(1.0));
        });
    }

    @Test
    void shouldJudgeNothingUntilTheBaselineHasEnoughRuns() throws Exception {
        run(1, 10, 20e9);
        run(2, 10, 20e9);
        run(3, 10, 10e9); // two runs of baseline: their spread says too little about the noise

        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreTheOtherSideAndLiveProbing() throws Exception {
        for (int r = 1; r <= 3; r++) {
            run(r, 10, 20e9);
        }
        StepKey step = StepSummaries.step("r4", Scenario.POLICY, "linear", Protocol.TCP, 0, 10, 1, 1);
        StepSummary otherSide = StepSummaries.otherSide(
                StepSummaries.summary(step, end(4, 1) - LONGEST, end(4, 1), SAMPLES, 5e9, 1e8));
        harness.processElement(new StepCounters(otherSide, List.of()), otherSide.time());
        StepKey live = new StepKey("r4", Scenario.LIVE, "linear", Protocol.TCP, 0, 10, 1, 1);
        StepSummary liveSummary = StepSummaries.summary(live, end(4, 1) - LONGEST, end(4, 1), SAMPLES, 5e9, 1e8);
        harness.processElement(new StepCounters(liveSummary, List.of()), liveSummary.time());
        judge(4);

        assertThat(alerts()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldLeaveRunsOlderThanTheTtlOutOfTheBaseline() throws Exception {
        for (int r = 1; r <= 5; r++) {
            repetitions(r, 10, 20e9, List.of());
            repetitions(r, 20, 20e9, List.of());
            judge(r);
        }
        // Run 40 is 35 days after run 5: its baseline runs have left it in event time; run 6 still has them.
        run(6, 20, 15e9);
        run(40, 10, 15e9);

        assertThat(alerts()).singleElement().satisfies(a -> assertThat(a.run()).isEqualTo("r6"));
    }

    @Test
    void shouldForgetAStepThatWasNotRunForTheTtl() throws Exception {
        harness.setStateTtlProcessingTime(0);
        for (int r = 1; r <= 3; r++) {
            run(r, 10, 20e9);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setStateTtlProcessingTime(TTL.toMillis() + 1);
        run(4, 10, 15e9);

        // The baseline expired: r4 starts a new one instead of being compared with it.
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldComputeAOneSidedPValueFromTheRunsSpreadWithItsFloor() {
        double[] runs = {20e9, 20.4e9, 19.6e9, 20.2e9, 19.8e9};

        // s = 0.316 Gbit/s, t = -1 / (0.316 * sqrt(1.2)) = -2.89 with 4 degrees of freedom.
        assertThat(RegressionDetector.dropPValue(19e9, runs, 0)).isCloseTo(0.0223, within(0.0005));
        assertThat(RegressionDetector.dropPValue(21e9, runs, 0)).isGreaterThan(0.5);
        assertThat(RegressionDetector.dropPValue(19e9, new double[] {20e9, 20e9, 20e9}, 0)).isZero();
        // With a floor of 2% (0.4 Gbit/s): t = -1 / (0.4 * sqrt(1.2)) = -2.28.
        assertThat(RegressionDetector.dropPValue(19e9, runs, 2)).isCloseTo(0.0424, within(0.0005));
    }
}
