package io.overlaywatch.agents.deploy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One Kubernetes API request in RBAC's terms: verb, API group, resource (with subresource), namespace, name.
 *
 * @param verb        get, list, watch, create, update, patch, delete or deletecollection
 * @param group       the API group, "" for the core group
 * @param resource    plural resource name, e.g. networkpolicies
 * @param subresource e.g. scale, or null
 * @param namespace   the namespace, or null for a cluster-scoped request
 * @param name        the object's name, or null for a collection
 */
public record ApiCall(String verb, String group, String resource, String subresource, String namespace, String name) {

    /** The resource as RBAC rules write it: {@code deployments/scale}. */
    public String rbacResource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    /** Reads an HTTP request to the API server, e.g. {@code GET /apis/apps/v1/namespaces/b/deployments/x}. */
    public static ApiCall of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        List<String> parts = Arrays.stream(uri.getPath().split("/")).filter(p -> !p.isEmpty()).toList();
        int at;
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            at = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            at = 3;
        } else {
            throw new IllegalArgumentException("not a resource request: " + method + " " + pathAndQuery);
        }
        String namespace = null;
        // GET /api/v1/namespaces/x names a namespace; /api/v1/namespaces/x/pods is a namespaced request.
        if (parts.size() >= at + 3 && parts.get(at).equals("namespaces")) {
            namespace = parts.get(at + 1);
            at += 2;
        }
        String resource = parts.get(at);
        String name = parts.size() > at + 1 ? parts.get(at + 1) : null;
        String subresource = parts.size() > at + 2 ? parts.get(at + 2) : null;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        return new ApiCall(verb(method, name, query), group, resource, subresource, namespace, name);
    }

    private static String verb(String method, String name, String query) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for HTTP " + method);
        };
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + rbacResource()
                + (namespace == null ? "" : " in " + namespace) + (name == null ? "" : " (" + name + ")");
    }
}
