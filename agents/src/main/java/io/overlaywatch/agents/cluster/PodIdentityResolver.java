package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the agent's own pod from the downward API (environment variables and a labels file) and asks the API
 * server for whatever the pod spec did not pass down (one {@code get} of the own pod).
 */
public final class PodIdentityResolver {

    public static final String DEFAULT_POD_ENV = "POD_NAME";
    public static final String DEFAULT_NAMESPACE_ENV = "POD_NAMESPACE";
    public static final String DEFAULT_NODE_ENV = "NODE_NAME";
    public static final Path DEFAULT_LABELS_FILE = Path.of("/etc/podinfo/labels");

    private static final Logger LOG = LoggerFactory.getLogger(PodIdentityResolver.class);

    private final String podEnv;
    private final String namespaceEnv;
    private final String nodeEnv;
    private final Path labelsFile;

    public PodIdentityResolver(String podEnv, String namespaceEnv, String nodeEnv, Path labelsFile) {
        this.podEnv = Objects.requireNonNull(podEnv, "podEnv");
        this.namespaceEnv = Objects.requireNonNull(namespaceEnv, "namespaceEnv");
        this.nodeEnv = Objects.requireNonNull(nodeEnv, "nodeEnv");
        this.labelsFile = Objects.requireNonNull(labelsFile, "labelsFile");
    }

    /** The defaults: POD_NAME, POD_NAMESPACE, NODE_NAME and /etc/podinfo/labels. */
    public static PodIdentityResolver defaults() {
        return new PodIdentityResolver(DEFAULT_POD_ENV, DEFAULT_NAMESPACE_ENV, DEFAULT_NODE_ENV, DEFAULT_LABELS_FILE);
    }

    /**
     * @param env    the environment ({@code System::getenv})
     * @param client asked only when the downward API left something out
     * @throws IllegalStateException naming the variable, file or pod that is missing
     */
    public PodIdentity resolve(Function<String, String> env, KubernetesClient client) {
        String pod = orElse(env.apply(podEnv), env.apply("HOSTNAME"));
        if (pod == null) {
            throw new IllegalStateException("no pod name: set " + podEnv + " from the downward API (metadata.name)");
        }
        String namespace = orElse(env.apply(namespaceEnv), client.getNamespace());
        if (namespace == null) {
            throw new IllegalStateException("no namespace: set " + namespaceEnv
                    + " from the downward API (metadata.namespace)");
        }
        String node = blankToNull(env.apply(nodeEnv));
        Map<String, String> labels = readLabels();
        if (node != null && labels != null) {
            LOG.info("pod {}/{} on node {} (downward API)", namespace, pod, node);
            return new PodIdentity(namespace, pod, node, labels);
        }
        Pod own = client.pods().inNamespace(namespace).withName(pod).get();
        if (own == null) {
            throw new IllegalStateException("pod " + namespace + "/" + pod + " does not exist; " + nodeEnv + " or "
                    + labelsFile + " is missing, so the agent asked the API server for its own pod");
        }
        if (node == null) {
            node = blankToNull(own.getSpec() == null ? null : own.getSpec().getNodeName());
            if (node == null) {
                throw new IllegalStateException("pod " + namespace + "/" + pod + " is not scheduled on a node yet");
            }
        }
        if (labels == null) {
            labels = own.getMetadata().getLabels() == null ? Map.of() : own.getMetadata().getLabels();
        }
        LOG.info("pod {}/{} on node {} (looked up from the API server)", namespace, pod, node);
        return new PodIdentity(namespace, pod, node, labels);
    }

    /** The labels file's labels, null when there is no such file. */
    private Map<String, String> readLabels() {
        try {
            return DownwardApiLabels.parse(Files.readString(labelsFile, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pod's labels from " + labelsFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the pod's labels file " + labelsFile + ": " + e.getMessage(), e);
        }
    }

    private static String orElse(String value, String fallback) {
        String v = blankToNull(value);
        return v != null ? v : blankToNull(fallback);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
