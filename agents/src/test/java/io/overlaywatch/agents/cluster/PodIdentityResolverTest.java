package io.overlaywatch.agents.cluster;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodIdentityResolverTest {

    private final PodIdentityResolver resolver = new PodIdentityResolver("MY_POD", "MY_NS", "MY_NODE");

    @Test
    void shouldTakeEverythingFromTheDownwardApiWithoutAskingTheView() {
        Map<String, String> env = Map.of("MY_POD", "client-7d9f-abcde", "MY_NS", "bench", "MY_NODE", "worker-1");

        PodIdentity self = resolver.resolve(env::get, pod -> {
            throw new AssertionError("the view was asked for " + pod);
        });

        assertThat(self).isEqualTo(new PodIdentity("bench", "client-7d9f-abcde", "worker-1"));
    }

    @Test
    void shouldTakeTheNodeFromTheViewWhenTheEnvironmentHasNone() {
        Map<String, String> env = Map.of("HOSTNAME", "client-0", "MY_NS", "bench", "MY_NODE", " ");

        PodIdentity self = resolver.resolve(env::get, pod -> pod.equals("client-0") ? Optional.of("worker-3")
                : Optional.empty());

        assertThat(self).as("HOSTNAME stands in for the pod's name").isEqualTo(
                new PodIdentity("bench", "client-0", "worker-3"));
    }

    @Test
    void shouldNameWhatIsMissing() {
        assertThatThrownBy(() -> resolver.resolve(Map.of("MY_NS", "bench")::get, pod -> Optional.empty()))
                .hasMessageContaining("set MY_POD from the downward API (metadata.name)");
        assertThatThrownBy(() -> resolver.namespace(Map.of("MY_POD", "client-0")::get))
                .hasMessageContaining("set MY_NS from the downward API (metadata.namespace)");
        assertThatThrownBy(() -> resolver.resolve(Map.of("MY_POD", "client-0", "MY_NS", "bench")::get,
                pod -> Optional.empty()))
                .hasMessageContaining("set MY_NODE from the downward API (spec.nodeName)")
                .hasMessageContaining("bench/client-0");
    }
}
