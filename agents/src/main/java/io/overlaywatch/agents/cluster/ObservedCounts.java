package io.overlaywatch.agents.cluster;

import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireRecord;

import java.util.List;
import java.util.Map;

/**
 * What the agent saw of its experiment at one moment.
 *
 * @param time              when the informers delivered the change, epoch milliseconds
 * @param policies          NetworkPolicies in the namespace
 * @param selectingPolicies those whose podSelector selects this agent's pod
 * @param readyClients      ready client pods of the experiment
 */
public record ObservedCounts(long time, int policies, int selectingPolicies, int readyClients) {

    /** The counters' {@code source} of these readings. */
    public static final String SOURCE = "kubernetes";

    /** Whether the counts (not the time) are the same. */
    public boolean sameCounts(ObservedCounts other) {
        return other != null && policies == other.policies && selectingPolicies == other.selectingPolicies
                && readyClients == other.readyClients;
    }

    /**
     * The counts as counter readings: the samples carry the namespace's policies and the ready clients, the
     * policies that select this pod travel here, next to them in the counters topic.
     */
    public List<Counter> toCounters(String run, PodIdentity self) {
        Map<String, String> labels = Map.of("namespace", self.namespace(), "pod", self.pod());
        return List.of(
                new Counter(WireRecord.VERSION, time, run, self.node(), SOURCE, "policies", labels, policies),
                new Counter(WireRecord.VERSION, time, run, self.node(), SOURCE, "policies_selecting_pod", labels,
                        selectingPolicies),
                new Counter(WireRecord.VERSION, time, run, self.node(), SOURCE, "ready_client_pods", labels,
                        readyClients));
    }
}
