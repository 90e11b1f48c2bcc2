package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * The run's policies in the cluster: brought to a count by an idempotent apply (create, or update what exists) of
 * only the policies that change, and deleted together by the run's label.
 */
final class PolicySet {

    private final KubernetesClient client;
    private final String namespace;
    private final String run;
    private final PolicyPlan plan;
    // Set by the cleanup, so that a long apply stops at the next policy instead of holding the cleanup up.
    private volatile boolean stopping;

    PolicySet(KubernetesClient client, String namespace, String run) {
        this.client = client;
        this.namespace = namespace;
        this.run = run;
        this.plan = new PolicyPlan(new PaperPolicies(namespace, run));
    }

    /** Makes the run's set exactly {@code count} policies; returns how many objects were applied or deleted. */
    synchronized int bringTo(int count) {
        PolicyPlan.Changes changes = plan.next(count);
        for (NetworkPolicy policy : changes.apply()) {
            if (stopping) {
                throw new IllegalStateException("stopped while applying the policy set");
            }
            // Also idempotent when a killed attempt of the same run left the policy behind.
            client.resource(policy).createOr(NonDeletingOperation::update);
        }
        for (String name : changes.delete()) {
            client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
        }
        return changes.size();
    }

    /**
     * Deletes every policy labelled with the run, also those a killed earlier attempt of the same run left; an apply
     * under way stops first, so that nothing is created after the delete.
     */
    void deleteAll() {
        stopping = true;
        synchronized (this) {
            client.network().v1().networkPolicies().inNamespace(namespace).withLabel(BenchLabels.RUN, run).delete();
            plan.clear();
        }
    }
}
