package io.overlaywatch.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster observer ({@code agent observe}) sees of one namespace's experiment, sent on every change and,
 * unchanged but with a new time, every period to the cluster topic, keyed by namespace. The agents in the experiment's pods read it instead
 * of watching the API server each: they tag samples with its counts and name their peers from its pods.
 *
 * @param v            schema version
 * @param time         when the observer saw this state, epoch milliseconds
 * @param namespace    the experiment's namespace
 * @param cni          the CNI and its version as samples tag it, e.g. {@code calico-v3.27.0}, or {@code unknown}
 * @param policies     NetworkPolicies in the namespace
 * @param readyClients ready client pods of the experiment
 * @param pods         the experiment's pods
 */
public record ClusterView(int v, long time, String namespace, String cni, int policies, int readyClients,
                          List<Member> pods) implements WireRecord {

    /**
     * One pod of the experiment.
     *
     * @param name              pod name
     * @param ip                pod IP, null before it has one
     * @param node              node it is scheduled on, null before it is
     * @param selectingPolicies NetworkPolicies whose podSelector selects it
     */
    public record Member(String name, String ip, String node, int selectingPolicies) {
    }

    public ClusterView {
        pods = pods == null ? null : List.copyOf(pods);
    }

    /** A pod of the experiment by name or IP, e.g. the server a client was told to probe. */
    public Optional<Member> pod(String nameOrIp) {
        return pods.stream().filter(p -> nameOrIp.equals(p.name()) || nameOrIp.equals(p.ip())).findFirst();
    }

    /** The same state seen at another time, e.g. sent again unchanged. */
    public ClusterView withTime(long seenAt) {
        return new ClusterView(v, seenAt, namespace, cni, policies, readyClients, pods);
    }

    /** Whether everything but the time is the same. */
    public boolean sameState(ClusterView other) {
        return other != null && namespace.equals(other.namespace) && cni.equals(other.cni)
                && policies == other.policies && readyClients == other.readyClients && pods.equals(other.pods);
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Checks.version(problems, v);
        Checks.time(problems, time);
        Checks.notAhead(problems, time);
        Checks.name(problems, "namespace", namespace);
        Checks.name(problems, "cni", cni);
        Checks.nonNegative(problems, "policies", policies);
        Checks.nonNegative(problems, "readyClients", readyClients);
        Checks.present(problems, "pods", pods);
        if (pods != null) {
            for (Member pod : pods) {
                if (pod == null) {
                    problems.add("pods holds a null");
                    continue;
                }
                Checks.name(problems, "pod name", pod.name());
                Checks.nonNegative(problems, "selectingPolicies of " + pod.name(), pod.selectingPolicies());
            }
        }
        return problems;
    }
}
