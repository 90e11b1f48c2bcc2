package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client and server Deployments deploy/ created: scaled for a step, and given back their replica counts at the
 * end. Readiness is read from the pods, since a Deployment's status lags behind its pods.
 */
final class Workloads {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final String namespace;
    private final String clientDeployment;
    private final String serverDeployment;
    // Replicas before the run touched a Deployment, restored at the end.
    private final Map<String, Integer> original = new LinkedHashMap<>();

    Workloads(KubernetesClient client, String namespace, String clientDeployment, String serverDeployment) {
        this.client = client;
        this.namespace = namespace;
        this.clientDeployment = clientDeployment;
        this.serverDeployment = serverDeployment;
    }

    /** Scales both Deployments to {@code replicas} pods each. */
    synchronized void scale(int replicas) {
        for (String name : List.of(clientDeployment, serverDeployment)) {
            if (!original.containsKey(name)) {
                Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
                if (deployment == null) {
                    throw new IllegalStateException("no Deployment " + name + " in namespace " + namespace
                            + " (apply deploy/ first, or name it with --client-deployment/--server-deployment)");
                }
                Integer replicasBefore = deployment.getSpec().getReplicas();
                original.put(name, replicasBefore == null ? 1 : replicasBefore);
            }
            client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas);
        }
    }

    /**
     * The ready pods of a point: the clients in name order, and the server address each client measures against,
     * the i-th client with the i-th server, so that no two clients of a step share one iperf3 server.
     */
    record ReadyPairs(List<String> clients, Map<String, String> servers) {
    }

    /** Waits until exactly {@code replicas} client and server pods are ready and none is being deleted; pairs them. */
    ReadyPairs awaitReady(int replicas, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Pod> clients = readyPods(BenchLabels.CLIENT);
            List<Pod> servers = readyPods(BenchLabels.SERVER);
            if (clients.size() == replicas && servers.size() == replicas) {
                Map<String, String> pairs = new LinkedHashMap<>();
                for (int i = 0; i < replicas; i++) {
                    pairs.put(clients.get(i).getMetadata().getName(), servers.get(i).getStatus().getPodIP());
                }
                return new ReadyPairs(clients.stream().map(p -> p.getMetadata().getName()).toList(), pairs);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format("after %d s, %d of %d client and %d of %d server pods"
                        + " are ready in namespace %s", timeout.toSeconds(), clients.size(), replicas, servers.size(),
                        replicas, namespace));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private List<Pod> readyPods(String role) {
        return client.pods().inNamespace(namespace).withLabels(BenchLabels.role(role)).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(Workloads::isReady)
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
    }

    /** Ready, with an address: a ready pod has one, so the pair is reachable. */
    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getPodIP() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Gives every Deployment the run scaled its replica count back. */
    synchronized void restore() {
        original.forEach((name, replicas) ->
                client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas));
        original.clear();
    }
}
