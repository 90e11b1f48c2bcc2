package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.MockApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The informers against the API server stand-in: counts follow objects as they are added, changed and deleted. */
@Timeout(60)
class ClusterObserverTest {

    private static final String NS = "bench";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private MockApiServer api;
    private KubernetesClient client;
    private ClusterObserver observer;

    @BeforeEach
    void start() {
        api = new MockApiServer();
        client = api.client();
    }

    @AfterEach
    void stop() {
        if (observer != null) {
            observer.close();
        }
        api.close();
    }

    @Test
    void shouldCountPoliciesAndReadyClientsAsTheyAreAddedAndDeleted() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        createPod(ClusterObjects.pod(NS, "client-0", ClusterObjects.CLIENT, "worker-1", "10.244.1.5", true));
        createPolicy("allow-5201", ClusterObjects.matchLabels("role", "server"), 5201);
        List<ObservedCounts> changes = new CopyOnWriteArrayList<>();
        observer = observe("server-0", ClusterObjects.SERVER);
        observer.onChange(changes::add);
        observer.start(WITHIN);

        assertThat(observer.current()).extracting(ObservedCounts::policies, ObservedCounts::selectingPolicies,
                ObservedCounts::readyClients).containsExactly(1, 1, 1);

        createPolicy("allow-5202", ClusterObjects.matchLabels("role", "server"), 5202);
        createPolicy("clients-only", ClusterObjects.matchLabels("role", "client"), 5203);
        createPolicy("everything", new LabelSelector(), 5204);
        awaitCounts(c -> c.policies() == 4 && c.selectingPolicies() == 3);

        createPod(ClusterObjects.pod(NS, "client-1", ClusterObjects.CLIENT, "worker-1", "10.244.1.6", true));
        createPod(ClusterObjects.pod(NS, "client-2", ClusterObjects.CLIENT, "worker-1", "10.244.1.7", false));
        // Not part of the experiment: the watch's selector keeps it out.
        createPod(ClusterObjects.pod(NS, "other", java.util.Map.of("role", "client"), "worker-1", "10.244.1.8", true));
        awaitCounts(c -> c.readyClients() == 2);

        client.pods().inNamespace(NS).withName("client-2").edit(p -> new PodBuilder(p).editStatus()
                .editFirstCondition().withStatus("True").endCondition().endStatus().build());
        awaitCounts(c -> c.readyClients() == 3);

        client.network().v1().networkPolicies().inNamespace(NS).withName("everything").delete();
        client.network().v1().networkPolicies().inNamespace(NS).withName("allow-5201").delete();
        client.pods().inNamespace(NS).withName("client-0").delete();
        awaitCounts(c -> c.policies() == 2 && c.selectingPolicies() == 1 && c.readyClients() == 2);

        assertThat(changes).as("listeners hear every change").last().isEqualTo(observer.current());
    }

    @Test
    void shouldFollowTheOwnPodsLabels() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        createPolicy("allow-5201", ClusterObjects.matchLabels("role", "server"), 5201);
        observer = observe("server-0", ClusterObjects.SERVER);
        observer.start(WITHIN);
        assertThat(observer.current().selectingPolicies()).isEqualTo(1);

        client.pods().inNamespace(NS).withName("server-0").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("role", "retired").endMetadata().build());

        awaitCounts(c -> c.selectingPolicies() == 0 && c.policies() == 1);
    }

    @Test
    void shouldGiveTheCountsInForceAtAPastTime() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        observer = observe("server-0", ClusterObjects.SERVER);
        observer.start(WITHIN);
        ObservedCounts before = observer.current();
        // The timeline is keyed by milliseconds: let the clock move so that the next change has its own key.
        while (System.currentTimeMillis() <= before.time()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }

        createPolicy("allow-5201", ClusterObjects.matchLabels("role", "server"), 5201);
        awaitCounts(c -> c.policies() == 1);
        ObservedCounts after = observer.current();

        assertThat(observer.at(before.time())).isEqualTo(before);
        assertThat(observer.at(after.time() - 1)).isEqualTo(before);
        assertThat(observer.at(after.time())).isEqualTo(after);
        assertThat(observer.at(after.time() + 60_000)).isEqualTo(after);
        assertThat(observer.at(before.time() - 60_000)).as("earlier than the first counts").isEqualTo(before);
    }

    @Test
    void shouldFindExperimentPodsByNameOrIp() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        observer = observe("server-0", ClusterObjects.SERVER);
        observer.start(WITHIN);

        assertThat(observer.pod("10.244.2.5")).map(p -> p.getMetadata().getName()).contains("server-0");
        assertThat(observer.pod("server-0")).map(p -> p.getSpec().getNodeName()).contains("worker-2");
        assertThat(observer.pod("10.9.9.9")).isEmpty();
    }

    private ClusterObserver observe(String pod, java.util.Map<String, String> labels) {
        return new ClusterObserver(client, new PodIdentity(NS, pod, "worker-2", labels),
                "app.kubernetes.io/part-of=overlaywatch", LabelSelectorSyntax.parse("role=client"),
                System::currentTimeMillis);
    }

    private void createPod(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private void createPolicy(String name, LabelSelector podSelector, int port) {
        client.network().v1().networkPolicies().inNamespace(NS)
                .resource(ClusterObjects.policy(NS, name, podSelector, port)).create();
    }

    private void awaitCounts(Predicate<ObservedCounts> condition) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.test(observer.current())) {
            assertThat(System.nanoTime()).as("counts %s did not reach the expected values within %s",
                    observer.current(), WITHIN).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
