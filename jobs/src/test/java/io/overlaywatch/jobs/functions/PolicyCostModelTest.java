package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CostModel.Datapath;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PolicyCostModelTest {

    private final PolicyCostModel model = new PolicyCostModel(20);

    /** Three repetitions of the lab's policy counts, each drawn with this relative noise. */
    private CostModel sweep(IntToDoubleFunction meanBps, double relativeSd, long seed) {
        Random random = new Random(seed);
        int n = LabNumbers.POLICY_COUNTS.length * 3;
        double[] x = new double[n];
        double[] y = new double[n];
        int i = 0;
        for (int count : LabNumbers.POLICY_COUNTS) {
            for (int repetition = 0; repetition < 3; repetition++) {
                x[i] = count;
                y[i++] = LabNumbers.noisy(random, meanBps.applyAsDouble(count), relativeSd);
            }
        }
        return model.fit(x, y);
    }

    @Test
    void shouldCallTheLinearChainLinearCostWithANegativeSlopeAndItsInterval() {
        CostModel fit = sweep(LabNumbers::linearBps, 0.05, 42);

        assertThat(fit.datapath()).isEqualTo(Datapath.LINEAR_COST);
        assertThat(fit.observations()).isEqualTo(18);
        assertThat(fit.counts()).isEqualTo(6);
        assertThat(fit.slopeBps()).isNegative();
        assertThat(fit.slopeLowBps()).isLessThan(fit.slopeBps());
        assertThat(fit.slopeHighBps()).isGreaterThan(fit.slopeBps()).isNegative();
        // Roughly -2.4 Gbit/s per 1,000 policies: the line through a curve that falls fast, then flattens.
        assertThat(fit.slopeBps() / 1e9).isBetween(-3.0, -1.5);
        assertThat(fit.rSquared()).isBetween(0.5, 1.0);
        assertThat(fit.fittedDropPct()).isGreaterThan(fit.leastDropPct()).isGreaterThan(20);
        assertThat(fit.leastDropPct()).isGreaterThan(20);
    }

    @Test
    void shouldCallTheHashSetConstantCostDespiteItsNoise() {
        CostModel fit = sweep(LabNumbers::hashedBps, 0.12, 42);

        assertThat(fit.datapath()).isEqualTo(Datapath.CONSTANT_COST);
        assertThat(fit.leastDropPct()).isLessThan(20);
    }

    @Test
    void shouldClassifyBothProfilesCorrectlyForEveryOneOfFiveHundredNoiseDraws() {
        // Where the fitted fall alone misclassifies a flat datapath in about 1% of sweeps at this noise.
        for (long seed = 0; seed < 500; seed++) {
            assertThat(sweep(LabNumbers::linearBps, 0.15, seed).datapath()).as("linear, seed %d", seed)
                    .isEqualTo(Datapath.LINEAR_COST);
            assertThat(sweep(LabNumbers::hashedBps, 0.15, seed).datapath()).as("hashed, seed %d", seed)
                    .isEqualTo(Datapath.CONSTANT_COST);
        }
    }

    @Test
    void shouldNotCallASignificantButSmallSlopeLinearCost() {
        // 20 Gbit/s falling to 18.5 (-7.5%) with almost no noise: significant, but below the effect threshold.
        double[] x = {1, 1, 1, 10000, 10000, 10000, 5000, 5000, 5000};
        double[] y = {20.0e9, 20.01e9, 19.99e9, 18.5e9, 18.51e9, 18.49e9, 19.25e9, 19.26e9, 19.24e9};

        CostModel fit = model.fit(x, y);

        assertThat(fit.slopeHighBps()).isNegative();
        assertThat(fit.fittedDropPct()).isCloseTo(7.5, within(0.2));
        assertThat(fit.datapath()).isEqualTo(Datapath.CONSTANT_COST);
    }

    @Test
    void shouldLeaveTheDatapathUndeterminedWithFewerThanThreeStepsOrOneCount() {
        assertThat(model.fit(new double[] {1, 10000}, new double[] {27e9, 2e9}).datapath())
                .isEqualTo(Datapath.UNDETERMINED);
        CostModel oneCount = model.fit(new double[] {100, 100, 100}, new double[] {20e9, 21e9, 19e9});
        assertThat(oneCount.datapath()).isEqualTo(Datapath.UNDETERMINED);
        assertThat(oneCount.slopeBps()).isNaN();
    }
}
