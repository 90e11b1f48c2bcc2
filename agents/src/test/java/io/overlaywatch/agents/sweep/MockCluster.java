package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.overlaywatch.agents.deploy.ApiCall;
import io.overlaywatch.agents.deploy.DeployManifests;
import io.overlaywatch.embedded.MockApiServer;

import java.util.ArrayList;
import java.util.List;

/**
 * The API server of the tests: fabric8's mock server in CRUD mode, holding the agents' Deployments of deploy/.
 * The test's helpers (controller, clients) use a client of their own user agent, so that the driver's requests can
 * be told apart and checked against its Role.
 */
final class MockCluster implements AutoCloseable {

    static final String HELPER_AGENT = "overlaywatch-test-helper";

    private final MockApiServer api = new MockApiServer();
    private final KubernetesClient helper;

    MockCluster() {
        helper = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(api.client().getConfiguration()).withUserAgent(HELPER_AGENT).build())
                .build();
        DeployManifests manifests = DeployManifests.load();
        for (String name : List.of("overlaywatch-client", "overlaywatch-server")) {
            helper.resource(manifests.named(Deployment.class, name)).create();
        }
    }

    /** A new client as the driver gets it; the driver closes it. */
    KubernetesClient driverClient() {
        return api.newClient();
    }

    /** A kubeconfig that points at the mock server, for a driver in another process. */
    String kubeconfig(String namespace) {
        return api.kubeconfig(namespace);
    }

    /** The client of the test's own helpers. */
    KubernetesClient helper() {
        return helper;
    }

    /** The requests the driver made since the last call, in RBAC terms. */
    List<ApiCall> takeDriverCalls() throws InterruptedException {
        List<ApiCall> calls = new ArrayList<>();
        for (RecordedRequest request : api.takeRequests()) {
            if (!HELPER_AGENT.equals(request.getHeader("User-Agent"))) {
                calls.add(ApiCall.of(request.getMethod(), request.getPath()));
            }
        }
        return calls;
    }

    @Override
    public void close() {
        helper.close();
        api.close();
    }
}
