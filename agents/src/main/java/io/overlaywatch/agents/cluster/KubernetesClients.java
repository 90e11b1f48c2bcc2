package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** The one place the agent builds its Kubernetes client: in a pod, from the service account; elsewhere, from kubeconfig. */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    public static KubernetesClient create() {
        return new KubernetesClientBuilder().build();
    }
}
