package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesClientsTest {

    private final KubernetesSerialization serialization = KubernetesClients.serialization();

    /** A watch event's object is told by its kind: what the agent watches must come back typed, as its informers cast. */
    @ParameterizedTest
    @CsvSource({
        "v1, Pod, io.fabric8.kubernetes.api.model.Pod",
        "networking.k8s.io/v1, NetworkPolicy, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy",
        "apps/v1, DaemonSet, io.fabric8.kubernetes.api.model.apps.DaemonSet",
        "v1, Status, io.fabric8.kubernetes.api.model.Status"})
    void shouldReadTheKindsTheAgentWatchesAsTheirTypes(String apiVersion, String kind, Class<?> type) {
        KubernetesResource read = serialization.unmarshal(json(apiVersion, kind), KubernetesResource.class);

        assertThat(read).isInstanceOf(type);
    }

    @ParameterizedTest
    @CsvSource({"v1, ConfigMap", "batch/v1, Job"})
    void shouldLeaveKindsItDoesNotReadGeneric(String apiVersion, String kind) {
        KubernetesResource read = serialization.unmarshal(json(apiVersion, kind), KubernetesResource.class);

        assertThat(read).isExactlyInstanceOf(GenericKubernetesResource.class);
    }

    private static String json(String apiVersion, String kind) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"x\"}}";
    }
}
