package io.overlaywatch.agents.cluster;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sends the observer's views to the cluster topic and their counts to the counters topic, next to the nodes'
 * counters: the namespace's NetworkPolicies and ready client pods, and for each pod the policies that select it.
 * A change sends the counters that changed; {@link #republish} sends them all again.
 */
public final class ClusterViewPublisher {

    /** The counters' {@code source}. */
    public static final String SOURCE = "kubernetes";

    private final KafkaRecordSink sink;
    private final String clusterTopic;
    private final String run;
    private final String node;
    private final Map<String, Double> sent = new HashMap<>();

    /**
     * @param run  the run the counters belong to
     * @param node the observer's node: where the namespace's counts were read
     */
    public ClusterViewPublisher(KafkaRecordSink sink, String clusterTopic, String run, String node) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clusterTopic = Objects.requireNonNull(clusterTopic, "clusterTopic");
        this.run = Objects.requireNonNull(run, "run");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** A changed view: the view, and the counters whose value changed. */
    public synchronized void changed(ClusterView view) {
        send(view, false);
    }

    /** The view and all its counters again, so that a reader that came late, or a graph, has them. */
    public synchronized void republish(ClusterView view) {
        send(view, true);
    }

    private void send(ClusterView view, boolean all) {
        sink.sendTo(clusterTopic, view);
        Set<String> keys = new HashSet<>();
        for (Counter counter : counters(view)) {
            String key = KafkaRecordSink.keyOf(counter);
            keys.add(key);
            Double before = sent.put(key, counter.value());
            if (all || before == null || before != counter.value()) {
                sink.send(counter);
            }
        }
        // A pod that went away is forgotten: were it to come back, its count is news again.
        sent.keySet().retainAll(keys);
    }

    /** The view's counts as counter readings. */
    private List<Counter> counters(ClusterView view) {
        Map<String, String> namespace = Map.of("namespace", view.namespace());
        List<Counter> counters = new ArrayList<>(List.of(
                new Counter(WireRecord.VERSION, view.time(), run, node, SOURCE, "policies", namespace, view.policies()),
                new Counter(WireRecord.VERSION, view.time(), run, node, SOURCE, "ready_client_pods", namespace,
                        view.readyClients())));
        for (ClusterView.Member pod : view.pods()) {
            counters.add(new Counter(WireRecord.VERSION, view.time(), run, pod.node() != null ? pod.node() : node,
                    SOURCE, "policies_selecting_pod", Map.of("namespace", view.namespace(), "pod", pod.name()),
                    pod.selectingPolicies()));
        }
        return counters;
    }
}
