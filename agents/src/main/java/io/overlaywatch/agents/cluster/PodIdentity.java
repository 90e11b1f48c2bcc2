package io.overlaywatch.agents.cluster;

import java.util.Objects;

/**
 * Who the agent is in the cluster.
 *
 * @param namespace the pod's namespace, whose cluster views the agent reads
 * @param pod       the pod's name: the samples' client (or server) pod
 * @param node      the node it runs on: the samples' source (or destination) node
 */
public record PodIdentity(String namespace, String pod, String node) {

    public PodIdentity {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
    }
}
