package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;

/** The one place the agent builds its Kubernetes client. */
public final class KubernetesClients {

    /** What the agent reads: its pods, the NetworkPolicies, the CNI's DaemonSets, and the API server's errors. */
    private static final List<Class<? extends KubernetesResource>> READS = List.of(Pod.class, PodList.class,
            NetworkPolicy.class, NetworkPolicyList.class, DaemonSet.class, DaemonSetList.class, Status.class);

    private KubernetesClients() {
    }

    /**
     * @param kubeconfig a kubeconfig file, or null for fabric8's own search: in a pod the service account, else
     *                   $KUBECONFIG or ~/.kube/config
     */
    public static KubernetesClient create(Path kubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withKubernetesSerialization(serialization());
        if (kubeconfig != null) {
            builder.withConfig(Config.fromKubeconfig(kubeconfig.toFile()));
        }
        return builder.build();
    }

    /**
     * fabric8's serialization as it builds its own, but knowing only the kinds the agent reads: by default it loads
     * every resource type it has (351 kinds, about 450 classes) at the first answer, to tell a watch event's object
     * by its kind; that was 4-5 MiB of an agent's RSS (BENCHMARKS.md, agent with --kubernetes).
     */
    static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization(JsonMapper.builderWithJackson2Defaults()
                .addModule(new Jackson2JdkTypesModule()).build(), false);
        READS.forEach(serialization::registerKubernetesResource);
        return serialization;
    }
}
