package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.MockApiServer;
import io.overlaywatch.model.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The informers against the API server stand-in: the view follows objects as they are added, changed and deleted. */
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
        List<ClusterView> changes = new CopyOnWriteArrayList<>();
        observer = observe(() -> "calico-v3.27.0");
        observer.onChange(changes::add);
        observer.start(WITHIN);

        assertThat(observer.current()).extracting(ClusterView::policies, ClusterView::readyClients)
                .containsExactly(1, 1);
        assertThat(selecting("server-0")).isEqualTo(1);
        assertThat(selecting("client-0")).isZero();

        createPolicy("allow-5202", ClusterObjects.matchLabels("role", "server"), 5202);
        createPolicy("clients-only", ClusterObjects.matchLabels("role", "client"), 5203);
        createPolicy("everything", new LabelSelector(), 5204);
        awaitView(v -> v.policies() == 4 && selecting("server-0") == 3 && selecting("client-0") == 2);

        createPod(ClusterObjects.pod(NS, "client-1", ClusterObjects.CLIENT, "worker-1", "10.244.1.6", true));
        createPod(ClusterObjects.pod(NS, "client-2", ClusterObjects.CLIENT, "worker-1", "10.244.1.7", false));
        // Not part of the experiment: the watch's selector keeps it out.
        createPod(ClusterObjects.pod(NS, "other", java.util.Map.of("role", "client"), "worker-1", "10.244.1.8", true));
        awaitView(v -> v.readyClients() == 2 && v.pods().size() == 4);
        assertThat(observer.current().pod("other")).isEmpty();

        client.pods().inNamespace(NS).withName("client-2").edit(p -> new PodBuilder(p).editStatus()
                .editFirstCondition().withStatus("True").endCondition().endStatus().build());
        awaitView(v -> v.readyClients() == 3);

        client.network().v1().networkPolicies().inNamespace(NS).withName("everything").delete();
        client.network().v1().networkPolicies().inNamespace(NS).withName("allow-5201").delete();
        client.pods().inNamespace(NS).withName("client-0").delete();
        awaitView(v -> v.policies() == 2 && selecting("server-0") == 1 && v.readyClients() == 2);

        assertThat(changes).as("listeners hear every change").last().isEqualTo(observer.current());
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).sameState(changes.get(i - 1))).as("change %d is a change", i).isFalse();
        }
        assertThat(observer.current().problems()).isEmpty();
    }

    @Test
    void shouldFollowAPodsLabels() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        createPolicy("allow-5201", ClusterObjects.matchLabels("role", "server"), 5201);
        observer = observe(() -> "calico-v3.27.0");
        observer.start(WITHIN);
        assertThat(selecting("server-0")).isEqualTo(1);

        client.pods().inNamespace(NS).withName("server-0").edit(p -> new PodBuilder(p).editMetadata()
                .addToLabels("role", "retired").endMetadata().build());

        awaitView(v -> selecting("server-0") == 0 && v.policies() == 1);
    }

    @Test
    void shouldGiveEachPodsAddressAndNode() throws Exception {
        createPod(ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", "10.244.2.5", true));
        observer = observe(() -> "calico-v3.27.0");
        observer.start(WITHIN);

        assertThat(observer.current().pod("10.244.2.5")).map(ClusterView.Member::name).contains("server-0");
        assertThat(observer.current().pod("server-0")).map(ClusterView.Member::node).contains("worker-2");
        assertThat(observer.current().namespace()).isEqualTo(NS);
    }

    @Test
    void shouldSeeANewCniAtTheNextRefreshAndStampAnUnchangedViewWithTheTime() throws Exception {
        AtomicReference<String> cni = new AtomicReference<>("calico-v3.27.0");
        AtomicLong clock = new AtomicLong(1_000);
        observer = new ClusterObserver(client, NS, "app.kubernetes.io/part-of=overlaywatch",
                LabelSelectorSyntax.parse("role=client"), cni::get, clock::get);
        List<ClusterView> changes = new CopyOnWriteArrayList<>();
        observer.onChange(changes::add);
        observer.start(WITHIN);
        List<ClusterView> unchanged = new ArrayList<>();

        clock.set(31_000);
        observer.refresh(unchanged::add);
        cni.set("calico-v3.28.1");
        clock.set(61_000);
        observer.refresh(unchanged::add);

        assertThat(unchanged).as("sent again with the time of sending").singleElement().satisfies(v -> {
            assertThat(v.time()).isEqualTo(31_000);
            assertThat(v.sameState(changes.get(0))).isTrue();
        });
        assertThat(changes).extracting(ClusterView::cni, ClusterView::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple("calico-v3.27.0", 1_000L),
                org.assertj.core.groups.Tuple.tuple("calico-v3.28.1", 61_000L));
    }

    private ClusterObserver observe(Supplier<String> cni) {
        return new ClusterObserver(client, NS, "app.kubernetes.io/part-of=overlaywatch",
                LabelSelectorSyntax.parse("role=client"), cni, System::currentTimeMillis);
    }

    private int selecting(String pod) {
        return observer.current().pod(pod).orElseThrow().selectingPolicies();
    }

    private void createPod(Pod pod) {
        client.pods().inNamespace(NS).resource(pod).create();
    }

    private void createPolicy(String name, LabelSelector podSelector, int port) {
        client.network().v1().networkPolicies().inNamespace(NS)
                .resource(ClusterObjects.policy(NS, name, podSelector, port)).create();
    }

    private void awaitView(Predicate<ClusterView> condition) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.test(observer.current())) {
            assertThat(System.nanoTime()).as("view %s did not reach the expected values within %s",
                    observer.current(), WITHIN).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
