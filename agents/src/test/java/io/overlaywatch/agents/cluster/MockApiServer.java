package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;

/** fabric8's Kubernetes API server stand-in in CRUD mode (objects created are listed and watched), on 127.0.0.1. */
public final class MockApiServer implements AutoCloseable {

    // Held so the setting stays: JUL keeps loggers weakly. The server logs every request at INFO.
    private static final java.util.logging.Logger QUIET = quiet();

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        client = server.createClient();
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /** A client of the server; its default namespace is {@code test}. */
    public KubernetesClient client() {
        return client;
    }

    /** A kubeconfig that points an agent in another process at this server, in {@code namespace}. */
    public String kubeconfig(String namespace) {
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + client.getConfiguration().getMasterUrl(),
                "contexts:",
                "- name: mock",
                "  context:",
                "    cluster: mock",
                "    namespace: " + namespace,
                "    user: agent",
                "current-context: mock",
                "users:",
                "- name: agent",
                "  user:",
                "    token: not-checked",
                "");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
