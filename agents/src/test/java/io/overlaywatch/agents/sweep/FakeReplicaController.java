package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays the Deployment controller and the kubelet, which the mock API server has not: keeps as many ready pods per
 * Deployment as its replicas say, up to {@code maxPods} (fewer stands in for a cluster without room).
 */
final class FakeReplicaController implements AutoCloseable {

    private static final String OWNER = "test.overlaywatch.io/deployment";

    private final KubernetesClient client;
    private final String namespace;
    private final int maxPods;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile RuntimeException failure;

    FakeReplicaController(KubernetesClient client, String namespace, int maxPods) {
        this.client = client;
        this.namespace = namespace;
        this.maxPods = maxPods;
        this.thread = new Thread(this::loop, "fake-replica-controller");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            try {
                for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                    reconcile(deployment);
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
        }
    }

    private void reconcile(Deployment deployment) {
        String name = deployment.getMetadata().getName();
        int want = Math.min(deployment.getSpec().getReplicas(), maxPods);
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(OWNER, name).list().getItems();
        for (int i = pods.size(); i < want; i++) {
            Map<String, String> labels = new HashMap<>(deployment.getSpec().getTemplate().getMetadata().getLabels());
            labels.put(OWNER, name);
            client.resource(new PodBuilder()
                    .withNewMetadata().withName(name + "-" + i).withNamespace(namespace).withLabels(labels).endMetadata()
                    // Servers on 10.244.2.0/24, clients on 10.244.1.0/24, as two nodes' pod ranges would be.
                    .withNewStatus().withPodIP("10.244." + ("server".equals(labels.get("overlaywatch.io/role")) ? 2 : 1)
                            + "." + (i + 1))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
        for (int i = want; i < pods.size(); i++) {
            client.pods().inNamespace(namespace).withName(name + "-" + i).delete();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        if (failure != null) {
            throw failure;
        }
    }
}
