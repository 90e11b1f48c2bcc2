package io.overlaywatch.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTest {

    private static final ClusterView.Member CLIENT = new ClusterView.Member("client-0", "10.244.1.5", "worker-1", 2);
    private static final ClusterView.Member SERVER = new ClusterView.Member("server-0", "10.244.2.5", "worker-2", 3);
    private static final ClusterView VIEW = new ClusterView(1, 1_795_684_386_000L, "bench", "calico-v3.27.0", 3, 1,
            List.of(CLIENT, SERVER));

    @Test
    void shouldFindAPodByNameOrByIp() {
        assertThat(VIEW.pod("server-0")).contains(SERVER);
        assertThat(VIEW.pod("10.244.1.5")).contains(CLIENT);
        assertThat(VIEW.pod("10.244.9.9")).isEmpty();
    }

    @Test
    void shouldTellAChangeOfStateFromAChangeOfTimeAlone() {
        ClusterView later = new ClusterView(1, VIEW.time() + 60_000, "bench", "calico-v3.27.0", 3, 1,
                List.of(CLIENT, SERVER));
        ClusterView moved = new ClusterView(1, VIEW.time(), "bench", "calico-v3.27.0", 3, 1,
                List.of(CLIENT, new ClusterView.Member("server-0", "10.244.3.7", "worker-3", 3)));

        assertThat(later.sameState(VIEW)).isTrue();
        assertThat(moved.sameState(VIEW)).isFalse();
        assertThat(VIEW.sameState(null)).isFalse();
    }

    @Test
    void shouldNameEachProblem() {
        ClusterView bad = new ClusterView(1, 1_795_684_386_000L, " ", "calico", -1, 0,
                List.of(new ClusterView.Member("", null, null, -2)));

        assertThat(VIEW.problems()).isEmpty();
        assertThat(bad.problems()).anyMatch(p -> p.startsWith("namespace is missing"))
                .anyMatch(p -> p.startsWith("policies must not be negative"))
                .anyMatch(p -> p.startsWith("pod name is missing"))
                .anyMatch(p -> p.contains("selectingPolicies"));
        assertThat(new ClusterView(1, 1L, "bench", "calico", 0, 0, null).problems()).contains("pods is missing");
    }
}
