package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;

/** The one place the agent builds its Kubernetes client. */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    /**
     * @param kubeconfig a kubeconfig file, or null for fabric8's own search: in a pod the service account, else
     *                   $KUBECONFIG or ~/.kube/config
     */
    public static KubernetesClient create(Path kubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (kubeconfig != null) {
            builder.withConfig(Config.fromKubeconfig(kubeconfig.toFile()));
        }
        return builder.build();
    }
}
