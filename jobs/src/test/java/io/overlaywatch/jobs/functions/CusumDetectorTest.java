package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkChangeState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.overlaywatch.jobs.functions.LinkTestData.steady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CusumDetectorTest {

    private final CusumDetector detector = new CusumDetector(CusumDetector.Settings.defaults());
    private final LinkChangeState state = new LinkChangeState();

    private List<CusumDetector.Decision> feed(double... gbps) {
        List<CusumDetector.Decision> out = new ArrayList<>();
        for (double v : gbps) {
            out.add(detector.update(state, v * 1e9));
        }
        return out;
    }

    private static final int N = CusumDetector.Settings.DEFAULT_BASELINE_WINDOWS;

    private void baseline() {
        for (int i = 0; i < N; i++) {
            detector.update(state, steady(i) * 1e9);
        }
    }

    private static List<CusumDetector.Kind> kinds(List<CusumDetector.Decision> ds) {
        return ds.stream().map(CusumDetector.Decision::kind).toList();
    }

    @Test
    void shouldNotJudgeUntilTheBaselineIsFull() {
        for (int i = 0; i < N; i++) {
            assertThat(detector.update(state, 24e9).kind()).isEqualTo(CusumDetector.Kind.WARMING_UP);
        }
        assertThat(kinds(feed(2))).containsExactly(CusumDetector.Kind.NONE);
    }

    @Test
    void shouldFireOnTheSecondWindowOfASustainedDropAndThenStayQuiet() {
        baseline();

        List<CusumDetector.Decision> ds = feed(18, 18, 18, 18, 18);

        assertThat(kinds(ds)).containsExactly(CusumDetector.Kind.NONE, CusumDetector.Kind.FIRING,
                CusumDetector.Kind.ONGOING, CusumDetector.Kind.ONGOING, CusumDetector.Kind.ONGOING);
        CusumDetector.Decision fired = ds.get(1);
        assertThat(fired.observed()).isCloseTo(18e9, within(1.0));
        assertThat(fired.baseline()).isCloseTo(24e9, within(0.1e9));
        assertThat(fired.changePct()).isCloseTo(-25, within(0.5));
        assertThat(fired.score()).isGreaterThan(CusumDetector.Settings.DEFAULT_H);
        assertThat(fired.windows()).isEqualTo(2);
    }

    @Test
    void shouldResolveAfterTwoWindowsBackNearTheBaseline() {
        baseline();
        feed(18, 18, 18);

        List<CusumDetector.Decision> ds = feed(23.9, 24.1);

        assertThat(kinds(ds)).containsExactly(CusumDetector.Kind.ONGOING, CusumDetector.Kind.RESOLVED);
        assertThat(ds.get(1).observed()).isCloseTo(24e9, within(1.0));
        assertThat(ds.get(1).windows()).isEqualTo(5);
        assertThat(state.firing).isFalse();
        assertThat(state.cusum).isZero();
    }

    @Test
    void shouldNotLetOneBadWindowAlertOrStayInTheScore() {
        baseline();

        assertThat(kinds(feed(2, 24, 24))).containsOnly(CusumDetector.Kind.NONE);
        // A single window adds at most h to the CUSUM, so it alone can never cross h.
        assertThat(state.cusum).isLessThan(CusumDetector.Settings.DEFAULT_H);
    }

    @Test
    void shouldNotAlertOnADropSmallerThanHalfTheMinimum() {
        baseline();

        assertThat(kinds(feed(22.9, 22.9, 22.9, 22.9, 22.9, 22.9, 22.9, 22.9))).containsOnly(CusumDetector.Kind.NONE);
    }

    @Test
    void shouldCountADropOfExactlyTheMinimumDespiteNoise() {
        baseline();

        // 9.5% observed for a 10% drop still counts: the gate allows three sigmas (here the 1% floor) of noise.
        assertThat(detector.gatePct(24e9, 0.24e9)).isCloseTo(7.0, within(1e-9));
        assertThat(kinds(feed(21.72, 21.72))).containsExactly(CusumDetector.Kind.NONE, CusumDetector.Kind.FIRING);
    }

    @Test
    void shouldKeepTheDropOutOfTheBaselineDuringALongEpisode() {
        baseline();
        for (int i = 0; i < 50; i++) {
            feed(12);
        }
        assertThat(state.firing).isTrue();
        assertThat(CusumDetector.baselineMedian(state)).isCloseTo(24e9, within(0.1e9));

        assertThat(kinds(feed(24, 24))).containsExactly(CusumDetector.Kind.ONGOING, CusumDetector.Kind.RESOLVED);
        // A second drop after the recovery is a new episode against the same baseline.
        assertThat(kinds(feed(12, 12))).containsExactly(CusumDetector.Kind.NONE, CusumDetector.Kind.FIRING);
    }

    @Test
    void shouldAdaptToALevelThatRose() {
        baseline();
        for (int i = 0; i < N / 2 + 1; i++) {
            feed(30);
        }
        assertThat(CusumDetector.baselineMedian(state)).isCloseTo(30e9, within(1.0));
        assertThat(kinds(feed(24, 24))).containsExactly(CusumDetector.Kind.NONE, CusumDetector.Kind.FIRING);
    }

    @Test
    void shouldLetWindowsOfAStreakThatNeverAlertedJoinTheBaseline() {
        baseline();
        // One window 20% down, then normal again: no episode, and that window is noise in the baseline now.
        feed(19.2, 24);
        assertThat(state.pendingSize).isZero();
        assertThat(state.baselineSize).isEqualTo(N);
        assertThat(state.firing).isFalse();
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> new CusumDetector.Settings(20, 0.5, 0, 10, 2, 1))
                .hasMessageContaining("h > 0");
        assertThatThrownBy(() -> new CusumDetector.Settings(20, 0.5, 5, 10, 21, 1))
                .hasMessageContaining("windows must be between 1 and the baseline windows");
        assertThatThrownBy(() -> new CusumDetector.Settings(20, 0.5, 5, 120, 2, 1))
                .hasMessageContaining("minimum drop");
    }
}
