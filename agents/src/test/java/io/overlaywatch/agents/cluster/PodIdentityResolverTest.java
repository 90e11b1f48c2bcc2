package io.overlaywatch.agents.cluster;

import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.MockApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodIdentityResolverTest {

    @TempDir
    Path dir;

    private MockApiServer api;

    @BeforeEach
    void start() {
        api = new MockApiServer();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldTakeEverythingFromTheDownwardApiWithoutAskingTheApiServer() throws IOException {
        Path labels = Files.writeString(dir.resolve("labels"), "app.kubernetes.io/part-of=\"overlaywatch\"\nrole=\"client\"");
        Map<String, String> env = Map.of("MY_POD", "client-7d9f-abcde", "MY_NS", "bench", "MY_NODE", "worker-1");

        // No pod exists in the API server: a lookup would fail, so this proves it was not made.
        PodIdentity self = new PodIdentityResolver("MY_POD", "MY_NS", "MY_NODE", labels).resolve(env::get, api.client());

        assertThat(self).isEqualTo(new PodIdentity("bench", "client-7d9f-abcde", "worker-1", ClusterObjects.CLIENT));
    }

    @Test
    void shouldLookUpTheOwnPodWhenNodeAndLabelsAreNotPassedDown() {
        api.client().pods().inNamespace("bench").resource(
                ClusterObjects.pod("bench", "client-0", ClusterObjects.CLIENT, "worker-2", "10.244.1.5", true)).create();
        Map<String, String> env = Map.of("HOSTNAME", "client-0", "POD_NAMESPACE", "bench");

        PodIdentity self = PodIdentityResolver.defaults().resolve(env::get, api.client());

        assertThat(self).isEqualTo(new PodIdentity("bench", "client-0", "worker-2", ClusterObjects.CLIENT));
    }

    @Test
    void shouldTakeTheNamespaceFromTheClientWhenNotPassedDown() {
        // The mock client's namespace plays the service account's namespace file.
        api.client().pods().inNamespace("test").resource(
                ClusterObjects.pod("test", "server-0", ClusterObjects.SERVER, "worker-3", "10.244.2.5", true)).create();

        PodIdentity self = PodIdentityResolver.defaults().resolve(Map.of("POD_NAME", "server-0")::get, api.client());

        assertThat(self.namespace()).isEqualTo("test");
        assertThat(self.node()).isEqualTo("worker-3");
    }

    @Test
    void shouldNameWhatIsMissing() throws IOException {
        assertThatThrownBy(() -> PodIdentityResolver.defaults().resolve(Map.<String, String>of()::get, api.client()))
                .hasMessageContaining("POD_NAME");
        assertThatThrownBy(() -> PodIdentityResolver.defaults()
                .resolve(Map.of("POD_NAME", "ghost", "POD_NAMESPACE", "bench")::get, api.client()))
                .hasMessageContaining("bench/ghost does not exist").hasMessageContaining("NODE_NAME");
        Path bad = Files.writeString(dir.resolve("labels"), "role client");
        assertThatThrownBy(() -> new PodIdentityResolver("P", "N", "X", bad)
                .resolve(Map.of("P", "p", "N", "n", "X", "x")::get, api.client()))
                .hasMessageContaining(bad.toString()).hasMessageContaining("line 1");
    }
}
