package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** From one count to the next, only the new policies and the one that moves off the traffic's port change. */
class PolicyPlanTest {

    private final PaperPolicies policies = new PaperPolicies("bench", "r1");
    private final PolicyPlan plan = new PolicyPlan(policies);

    private static List<String> namesAndPorts(List<NetworkPolicy> applied) {
        return applied.stream().map(p -> p.getMetadata().getName() + ":"
                + p.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).toList();
    }

    @Test
    void shouldApplyOnlyWhatChangesAndDeleteWhatIsBeyondTheCount() {
        assertThat(namesAndPorts(plan.next(1).apply())).containsExactly("ow-r1-00001:5201");
        PolicyPlan.Changes toThree = plan.next(3);
        assertThat(namesAndPorts(toThree.apply()))
                .containsExactly("ow-r1-00001:10001", "ow-r1-00002:10002", "ow-r1-00003:5201");
        assertThat(plan.next(3).size()).as("the same count again").isZero();
        PolicyPlan.Changes toTwo = plan.next(2);
        assertThat(namesAndPorts(toTwo.apply())).containsExactly("ow-r1-00002:5201");
        assertThat(toTwo.delete()).containsExactly("ow-r1-00003");
        PolicyPlan.Changes toZero = plan.next(0);
        assertThat(toZero.apply()).isEmpty();
        assertThat(toZero.delete()).containsExactly("ow-r1-00001", "ow-r1-00002");
    }

    @Test
    void shouldStartOverAfterTheRunsPoliciesWereDeleted() {
        plan.next(2);
        plan.clear();
        assertThat(plan.next(2).apply()).containsExactlyElementsOf(policies.set(2));
    }

    @Test
    void shouldPutTheTrafficsPortInTheLastPolicyOnly() {
        List<NetworkPolicy> set = policies.set(10_000);
        assertThat(set).hasSize(10_000);
        assertThat(PaperPolicies.port(10_000, 10_000)).isEqualTo(BenchLabels.TRAFFIC_PORT);
        assertThat(set.subList(0, 9_999)).extracting(p -> p.getSpec().getIngress().get(0).getPorts().get(0).getPort()
                .getIntVal()).doesNotContain(BenchLabels.TRAFFIC_PORT).doesNotHaveDuplicates();
        // Name order is policy order, so a datapath that sorts by name also meets the traffic's policy last.
        assertThat(set).extracting(p -> p.getMetadata().getName()).isSorted();
    }
}
