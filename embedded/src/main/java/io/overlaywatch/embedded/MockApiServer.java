package io.overlaywatch.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** fabric8's Kubernetes API server stand-in in CRUD mode (objects created are listed and watched), on 127.0.0.1. */
public final class MockApiServer implements AutoCloseable {

    // Held so the setting stays: JUL keeps loggers weakly. The server logs every request at INFO.
    private static final Logger QUIET = quiet();

    /**
     * The token of {@link #kubeconfig}, which tells the calls of the process given it (the cluster observer, a
     * driver) from the test's own.
     */
    public static final String KUBECONFIG_TOKEN = "kubeconfig-token";

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

    private static Logger quiet() {
        Logger logger = Logger.getLogger("io.fabric8.mockwebserver");
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** A client that gives up at once when the server is gone, for tests of what the agent does then. */
    public KubernetesClient impatientClient() {
        return server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000).withRequestTimeout(2_000).endConfig());
    }

    /** Stops answering, as an API server that is away; {@link #close()} is still needed. */
    public void stopServer() {
        server.destroy();
    }

    /** A new client of the server, for its user to close. */
    public KubernetesClient newClient() {
        return server.createClient();
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
                "    token: " + KUBECONFIG_TOKEN,
                "");
    }

    /**
     * The API calls made with {@code token} since the last call, as {@code verb resource namespace} (e.g.
     * {@code watch networkpolicies bench}), the terms a Role grants them in.
     */
    public Set<String> callsWithToken(String token) throws InterruptedException {
        Set<String> calls = new TreeSet<>();
        for (RecordedRequest request : takeRequests()) {
            if (("Bearer " + token).equals(request.getHeader("Authorization"))) {
                calls.add(asRoleTerms(request.getMethod(), request.getPath()));
            }
        }
        return calls;
    }

    /** The requests the server answered since the last call. */
    public List<RecordedRequest> takeRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    private static String asRoleTerms(String method, String path) {
        URI uri = URI.create(path);
        String[] parts = uri.getPath().split("/");
        // /api/v1/namespaces/NS/RESOURCE[/NAME] or /apis/GROUP/VERSION/namespaces/NS/RESOURCE[/NAME]
        int ns = Arrays.asList(parts).indexOf("namespaces");
        String namespace = ns < 0 ? "(cluster)" : parts[ns + 1];
        String resource = ns < 0 ? parts[parts.length - 1] : parts[ns + 2];
        boolean named = ns >= 0 && parts.length > ns + 3;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method;
        };
        return verb + " " + resource + " " + namespace;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.destroy();
        } catch (IllegalStateException e) {
            // The mock's own watch listener can block its event loop past the close timeout when the last
            // watch ends at the same moment; the test's assertions are done, and nothing else listens on it.
            System.err.println("fabric8 mock server did not close in time: " + e.getMessage());
        }
    }
}
