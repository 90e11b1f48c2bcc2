package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which policies a run must apply or delete to go from the set it has to a set of N: the new ones and the one whose
 * port changes (the traffic's port moves to the new last policy). Pure, so the dry run prints exactly what a run does.
 */
final class PolicyPlan {

    /** What one step changes. */
    record Changes(List<NetworkPolicy> apply, List<String> delete) {

        int size() {
            return apply.size() + delete.size();
        }
    }

    private final PaperPolicies policies;
    // What the run has: policy index -> port.
    private final Map<Integer, Integer> applied = new TreeMap<>();

    PolicyPlan(PaperPolicies policies) {
        this.policies = policies;
    }

    /** The changes to a set of {@code count}, from now on taken as done. */
    Changes next(int count) {
        List<NetworkPolicy> apply = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int port = PaperPolicies.port(i, count);
            if (!Integer.valueOf(port).equals(applied.get(i))) {
                apply.add(policies.policy(i, count));
                applied.put(i, port);
            }
        }
        List<String> delete = new ArrayList<>();
        for (int i : applied.keySet().stream().filter(i -> i > count).toList()) {
            delete.add(policies.name(i));
            applied.remove(i);
        }
        return new Changes(apply, delete);
    }

    /** Forgets what was applied, after the run's policies were deleted. */
    void clear() {
        applied.clear();
    }
}
