package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.MockApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CniDetectorTest {

    private MockApiServer api;
    private final AtomicLong now = new AtomicLong(1_000_000);

    @BeforeEach
    void start() {
        api = new MockApiServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0} ({1}) is {3}")
    @CsvSource({
        "cilium,          quay.io/cilium/cilium:v1.15.3@sha256:1a2b3c,        quay.io/cilium/operator:v1.15.3, cilium-v1.15.3",
        "calico-node,     docker.io/calico/node:v3.27.0,                      docker.io/calico/cni:v3.27.0,    calico-v3.27.0",
        "kube-flannel-ds, docker.io/flannel/flannel-cni-plugin:v1.4.0-flannel1, docker.io/flannel/flannel:v0.24.2, flannel-v0.24.2",
        "kube-flannel,    registry.local:5000/flannel/flannel:v0.22.0,        registry.local:5000/busybox,     flannel-v0.22.0",
        "weave-net,       weaveworks/weave-kube:2.8.1,                        weaveworks/weave-npc:2.8.1,      weave-2.8.1",
        "cilium,          registry.local:5000/cilium/cilium,                   registry.local:5000/cilium/x,    cilium"
    })
    void shouldTellTheCniAndItsVersionFromKubeSystemDaemonSets(String name, String image, String other, String tag) {
        create(ClusterObjects.daemonSet("kube-proxy", "registry.k8s.io/kube-proxy:v1.29.0"));
        create(ClusterObjects.daemonSet(name, other, image));

        assertThat(detector().cni().tag()).isEqualTo(tag);
    }

    @Test
    void shouldSayUnknownForAnotherCni() {
        create(ClusterObjects.daemonSet("kube-proxy", "registry.k8s.io/kube-proxy:v1.29.0"));
        create(ClusterObjects.daemonSet("kube-router", "docker.io/cloudnativelabs/kube-router:v2.0.0"));

        assertThat(detector().cni()).isEqualTo(Cni.UNKNOWN);
    }

    @Test
    void shouldKeepTheAnswerForTheCacheTimeThenLookAgain() {
        create(ClusterObjects.daemonSet("calico-node", "docker.io/calico/node:v3.27.0"));
        CniDetector detector = detector();
        assertThat(detector.cni().tag()).isEqualTo("calico-v3.27.0");

        api.client().apps().daemonSets().inNamespace("kube-system").withName("calico-node").delete();
        create(ClusterObjects.daemonSet("cilium", "quay.io/cilium/cilium:v1.16.0"));
        now.addAndGet(Duration.ofMinutes(9).toMillis());
        assertThat(detector.cni().tag()).as("cached").isEqualTo("calico-v3.27.0");

        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(detector.cni().tag()).isEqualTo("cilium-v1.16.0");
    }

    @Test
    void shouldKeepTheLastAnswerWhileTheApiServerIsAwayAndNameTheProblemWithoutOne() {
        create(ClusterObjects.daemonSet("cilium", "quay.io/cilium/cilium:v1.15.3"));
        try (KubernetesClient client = api.impatientClient()) {
            CniDetector detector = new CniDetector(client, CniDetector.KUBE_SYSTEM, CniDetector.DEFAULT_CACHE, now::get);
            assertThat(detector.cni().tag()).isEqualTo("cilium-v1.15.3");
            api.stopServer();
            now.addAndGet(CniDetector.DEFAULT_CACHE.toMillis());

            assertThat(detector.cni().tag()).as("kept while the API server is away").isEqualTo("cilium-v1.15.3");
            CniDetector fresh = new CniDetector(client, CniDetector.KUBE_SYSTEM, CniDetector.DEFAULT_CACHE, now::get);
            assertThatThrownBy(fresh::cni).hasMessageContaining("cannot list the DaemonSets in kube-system");
        }
    }

    @Test
    void shouldReadTagsAndNotRegistryPorts() {
        assertThat(CniDetector.imageTag("quay.io/cilium/cilium:v1.15.3@sha256:abc")).isEqualTo("v1.15.3");
        assertThat(CniDetector.imageTag("localhost:5000/calico/node")).isNull();
        assertThat(CniDetector.imageTag("calico/node@sha256:abc")).isNull();
        assertThat(CniDetector.imageTag(null)).isNull();
    }

    private CniDetector detector() {
        return new CniDetector(api.client(), CniDetector.KUBE_SYSTEM, CniDetector.DEFAULT_CACHE, now::get);
    }

    private void create(DaemonSet ds) {
        api.client().apps().daemonSets().inNamespace("kube-system").resource(ds).create();
    }
}
