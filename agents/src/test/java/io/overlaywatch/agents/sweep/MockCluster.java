package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.overlaywatch.agents.deploy.ApiCall;
import io.overlaywatch.agents.deploy.DeployManifests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The API server of the tests: fabric8's mock server in CRUD mode, holding the agents' Deployments of deploy/.
 * The test's helpers (controller, clients) use a client of their own user agent, so that the driver's requests can
 * be told apart and checked against its Role.
 */
final class MockCluster implements AutoCloseable {

    static final String HELPER_AGENT = "overlaywatch-test-helper";
    // Held, so that the level stays: the mock server logs every request at INFO through java.util.logging.
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient helper;

    MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        try (KubernetesClient probe = server.createClient()) {
            helper = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(probe.getConfiguration()).withUserAgent(HELPER_AGENT).build())
                    .build();
        }
        DeployManifests manifests = DeployManifests.load();
        for (String name : List.of("overlaywatch-client", "overlaywatch-server")) {
            helper.resource(manifests.named(Deployment.class, name)).create();
        }
    }

    /** A new client as the driver gets it; the driver closes it. */
    KubernetesClient driverClient() {
        return server.createClient();
    }

    /** A kubeconfig that points at the mock server, for a driver in another process. */
    String kubeconfig(String namespace) {
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + server.url("").replaceAll("/$", ""),
                "users:",
                "- name: test",
                "  user:",
                "    token: test",
                "contexts:",
                "- name: mock",
                "  context:",
                "    cluster: mock",
                "    user: test",
                "    namespace: " + namespace,
                "current-context: mock",
                "");
    }

    /** The client of the test's own helpers. */
    KubernetesClient helper() {
        return helper;
    }

    /** The requests the driver made since the last call, in RBAC terms. */
    List<ApiCall> takeDriverCalls() throws InterruptedException {
        List<ApiCall> calls = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            if (!HELPER_AGENT.equals(request.getHeader("User-Agent"))) {
                calls.add(ApiCall.of(request.getMethod(), request.getPath()));
            }
        }
        return calls;
    }

    @Override
    public void close() {
        helper.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock's own watch listener can block its event loop past the close timeout when the last
            // watch ends at the same moment; the test's assertions are done, and nothing else listens on it.
            System.err.println("fabric8 mock server did not close in time: " + e.getMessage());
        }
    }
}
