package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Tells the CNI from the DaemonSets in {@code kube-system} (one {@code list}), with the version from its agent's
 * image tag; the answer is kept for a while, so that probing does not ask the API server every time.
 */
public final class CniDetector {

    public static final String KUBE_SYSTEM = "kube-system";
    public static final Duration DEFAULT_CACHE = Duration.ofMinutes(10);

    /** DaemonSet names of the CNIs, in the order they are looked for (Cilium clusters may also run others). */
    static final Map<String, String> DAEMONSETS = daemonSets();

    private static final Logger LOG = LoggerFactory.getLogger(CniDetector.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration cacheFor;
    private final LongSupplier clock;
    private Cni cached;
    private long cachedAt;

    public CniDetector(KubernetesClient client, String namespace, Duration cacheFor, LongSupplier clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Looks in kube-system and keeps the answer for ten minutes. */
    public CniDetector(KubernetesClient client) {
        this(client, KUBE_SYSTEM, DEFAULT_CACHE, System::currentTimeMillis);
    }

    private static Map<String, String> daemonSets() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("cilium", "cilium");
        names.put("calico-node", "calico");
        names.put("kube-flannel-ds", "flannel");
        names.put("kube-flannel", "flannel");
        names.put("weave-net", "weave");
        return names;
    }

    /** The cached answer, or a new one when it is older than the cache time. */
    public synchronized Cni cni() {
        long now = clock.getAsLong();
        if (cached != null && now - cachedAt < cacheFor.toMillis()) {
            return cached;
        }
        try {
            Cni found = detect();
            if (!found.equals(cached)) {
                LOG.info("CNI: {} (from the DaemonSets in {})", found.tag(), namespace);
            }
            cached = found;
        } catch (KubernetesClientException e) {
            if (cached == null) {
                throw new IllegalStateException("cannot list the DaemonSets in " + namespace + " to tell the CNI: "
                        + e.getMessage(), e);
            }
            // A probe must not stop for an API server that is away for a moment: keep the last answer.
            LOG.warn("keeping CNI {}: cannot list the DaemonSets in {}: {}", cached.tag(), namespace, e.getMessage());
        }
        cachedAt = now;
        return cached;
    }

    private Cni detect() {
        List<DaemonSet> present = client.apps().daemonSets().inNamespace(namespace).list().getItems();
        for (Map.Entry<String, String> known : DAEMONSETS.entrySet()) {
            for (DaemonSet ds : present) {
                if (ds.getMetadata().getName().equals(known.getKey())) {
                    return new Cni(known.getValue(), imageTag(agentImage(ds, known.getValue())));
                }
            }
        }
        return Cni.UNKNOWN;
    }

    /** The image of the container that carries the CNI's name (the agent), else the first container's. */
    private static String agentImage(DaemonSet ds, String cni) {
        List<Container> containers = ds.getSpec() == null || ds.getSpec().getTemplate().getSpec() == null
                ? List.of() : ds.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> c.getImage() != null && c.getImage().contains(cni))
                .map(Container::getImage).findFirst()
                .orElse(containers.isEmpty() ? null : containers.get(0).getImage());
    }

    /** {@code quay.io/cilium/cilium:v1.15.3@sha256:...} gives {@code v1.15.3}; an untagged image gives null. */
    static String imageTag(String image) {
        if (image == null) {
            return null;
        }
        int digest = image.indexOf('@');
        String named = digest < 0 ? image : image.substring(0, digest);
        int colon = named.lastIndexOf(':');
        // A colon before the last slash belongs to a registry's port, not to a tag.
        if (colon < 0 || colon < named.lastIndexOf('/') || colon == named.length() - 1) {
            return null;
        }
        return named.substring(colon + 1);
    }
}
