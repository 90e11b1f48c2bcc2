package io.overlaywatch.embedded;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

import java.util.Map;

/** Typed objects as the experiment's manifests and a CNI's installation create them. */
public final class ClusterObjects {

    public static final Map<String, String> CLIENT = Map.of("app.kubernetes.io/part-of", "overlaywatch", "role", "client");
    public static final Map<String, String> SERVER = Map.of("app.kubernetes.io/part-of", "overlaywatch", "role", "server");

    private ClusterObjects() {
    }

    public static Pod pod(String namespace, String name, Map<String, String> labels, String node, String ip, boolean ready) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("agent").withImage("overlaywatch/agent:0.1.0")
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    /** A policy of the paper's shape: it selects the pods matching {@code podSelector}, ingress on one port. */
    public static NetworkPolicy policy(String namespace, String name, LabelSelector podSelector, int port) {
        return new NetworkPolicyBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withPodSelector(podSelector).withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().addToMatchLabels("role", "client").endPodSelector()
                .endFrom().addNewPort().withProtocol("TCP").withNewPort(port).endPort().endIngress()
                .endSpec().build();
    }

    public static LabelSelector matchLabels(String key, String value) {
        return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
    }

    public static DaemonSet daemonSet(String name, String... images) {
        DaemonSetBuilder builder = new DaemonSetBuilder();
        var spec = builder.withNewMetadata().withNamespace("kube-system").withName(name).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("k8s-app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("k8s-app", name).endMetadata().withNewSpec();
        for (int i = 0; i < images.length; i++) {
            spec = spec.addNewContainer().withName("c" + i).withImage(images[i]).endContainer();
        }
        return spec.endSpec().endTemplate().endSpec().build();
    }
}
