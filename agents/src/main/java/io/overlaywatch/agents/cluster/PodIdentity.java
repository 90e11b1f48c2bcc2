package io.overlaywatch.agents.cluster;

import java.util.Map;
import java.util.Objects;

/**
 * Who the agent is in the cluster.
 *
 * @param namespace the pod's namespace, where its policies and peers are watched
 * @param pod       the pod's name: the samples' client (or server) pod
 * @param node      the node it runs on: the samples' source (or destination) node
 * @param labels    the pod's labels, which NetworkPolicy podSelectors are matched against
 */
public record PodIdentity(String namespace, String pod, String node, Map<String, String> labels) {

    public PodIdentity {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        labels = Map.copyOf(labels);
    }
}
