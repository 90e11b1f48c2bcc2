package io.overlaywatch.agents.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the agent's own pod from the downward API's environment variables; the node, when the pod spec does not
 * pass it down, from the cluster observer's view of the pod. The agent itself never asks the API server.
 */
public final class PodIdentityResolver {

    public static final String DEFAULT_POD_ENV = "POD_NAME";
    public static final String DEFAULT_NAMESPACE_ENV = "POD_NAMESPACE";
    public static final String DEFAULT_NODE_ENV = "NODE_NAME";

    private static final Logger LOG = LoggerFactory.getLogger(PodIdentityResolver.class);

    private final String podEnv;
    private final String namespaceEnv;
    private final String nodeEnv;

    public PodIdentityResolver(String podEnv, String namespaceEnv, String nodeEnv) {
        this.podEnv = Objects.requireNonNull(podEnv, "podEnv");
        this.namespaceEnv = Objects.requireNonNull(namespaceEnv, "namespaceEnv");
        this.nodeEnv = Objects.requireNonNull(nodeEnv, "nodeEnv");
    }

    /** The defaults: POD_NAME, POD_NAMESPACE and NODE_NAME. */
    public static PodIdentityResolver defaults() {
        return new PodIdentityResolver(DEFAULT_POD_ENV, DEFAULT_NAMESPACE_ENV, DEFAULT_NODE_ENV);
    }

    /**
     * @param env the environment ({@code System::getenv})
     * @throws IllegalStateException naming the variable that is missing
     */
    public String namespace(Function<String, String> env) {
        String namespace = blankToNull(env.apply(namespaceEnv));
        if (namespace == null) {
            throw new IllegalStateException("no namespace: set " + namespaceEnv
                    + " from the downward API (metadata.namespace)");
        }
        return namespace;
    }

    /**
     * @param env        the environment ({@code System::getenv})
     * @param nodeOfPod  the node the observer saw a pod on, asked only when the environment has none
     * @throws IllegalStateException naming the variable or pod that is missing
     */
    public PodIdentity resolve(Function<String, String> env, Function<String, Optional<String>> nodeOfPod) {
        String pod = blankToNull(env.apply(podEnv));
        if (pod == null) {
            pod = blankToNull(env.apply("HOSTNAME"));
        }
        if (pod == null) {
            throw new IllegalStateException("no pod name: set " + podEnv + " from the downward API (metadata.name)");
        }
        String namespace = namespace(env);
        String node = blankToNull(env.apply(nodeEnv));
        if (node != null) {
            LOG.info("pod {}/{} on node {} (downward API)", namespace, pod, node);
            return new PodIdentity(namespace, pod, node);
        }
        String finalPod = pod;
        node = nodeOfPod.apply(pod).orElseThrow(() -> new IllegalStateException("no node: set " + nodeEnv
                + " from the downward API (spec.nodeName); the cluster observer's view has no node for pod "
                + namespace + "/" + finalPod + " either (is it one of the experiment's pods, scheduled?)"));
        LOG.info("pod {}/{} on node {} (from the cluster observer's view)", namespace, pod, node);
        return new PodIdentity(namespace, pod, node);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
