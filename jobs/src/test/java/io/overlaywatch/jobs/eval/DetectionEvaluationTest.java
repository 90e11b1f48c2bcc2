package io.overlaywatch.jobs.eval;

import io.overlaywatch.jobs.functions.CusumDetector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small version of {@code eval detection} on the bundled real runs, so that the detection goal cannot silently regress. */
class DetectionEvaluationTest {

    private static final List<RecordedRun> RUNS = RecordedRuns.bundled();

    @Test
    void shouldFindEveryTwentyPercentDropWithinTwoWindowsWithoutAFalseAlertOnPinnedNoise() {
        int baseline = CusumDetector.Settings.DEFAULT_BASELINE_WINDOWS;
        DetectionEvaluation.Config config = new DetectionEvaluation.Config(CusumDetector.Settings.defaults(), 60, 10,
                baseline + 1000, 1, 10, new double[] {20}, 6, 4, 7);

        DetectionEvaluation.Result result = new DetectionEvaluation(config).run(RUNS);

        // The pinned captures are what the project recommends probing with: their noise must never alert.
        assertThat(result.noise()).filteredOn(n -> n.run().contains("pinned") && !n.run().contains("unpinned"))
                .hasSize(2).allSatisfy(n -> {
                    assertThat(n.windows()).isEqualTo(1000);
                    assertThat(n.falseAlerts()).as("false alerts on %s noise", n.run()).isZero();
                });
        assertThat(result.pooledPerThousand()).as("false alerts per 1,000 noise-only windows, all runs")
                .isLessThanOrEqualTo(1.0);
        assertThat(result.drops()).hasSize(2).allSatisfy(d -> {
            assertThat(d.trials()).isEqualTo(50);
            // A drop that comes while a false alert's episode is still open cannot open its own.
            assertThat(d.within(2)).as("20%% drops found within 2 windows (aligned=%s)", d.aligned())
                    .isGreaterThanOrEqualTo(d.trials() - d.falseBefore());
            assertThat(d.resolved()).as("episodes resolved after the recovery").isEqualTo(d.detected());
        });
    }

    @Test
    void shouldFindTheRealLevelChangesWithinTwoWindows() {
        DetectionEvaluation.Config config = new DetectionEvaluation.Config(CusumDetector.Settings.defaults(), 60, 10,
                1, 0, 10, new double[0], 6, 4, 11);

        DetectionEvaluation.Result result = new DetectionEvaluation(config).run(RUNS);

        assertThat(result.switches()).allSatisfy(d -> {
            assertThat(d.dropPct()).isGreaterThanOrEqualTo(10);
            assertThat(d.within(2)).as("%s found within 2 windows", d.label()).isEqualTo(d.trials());
        });
    }

    @Test
    void shouldPrintTheTableTheIssueAsksFor() {
        DetectionEvaluation.Config config = new DetectionEvaluation.Config(CusumDetector.Settings.defaults(), 60, 10,
                100, 1, 2, new double[] {10, 20}, 4, 3, 3);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        DetectionReport.print(new DetectionEvaluation(config).run(RUNS),
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));

        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("Noise-only runs", "per 1,000", "Injected drops starting with a window", "recall",
                        "within 2", "median", "max", "Goal: every drop of 10% or more found within 2 windows");
    }
}
