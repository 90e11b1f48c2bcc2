package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.readiness.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches the namespace's NetworkPolicies and the experiment's pods with informers (list once, then watch), and
 * keeps the counts they give over time, so that each sample gets the counts of its own interval's time.
 */
public final class ClusterObserver implements AutoCloseable {

    /** How long counts are kept for looking up past intervals; longer than any probe's records take to arrive. */
    static final Duration HISTORY = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final KubernetesClient client;
    private final PodIdentity self;
    private final String podSelector;
    private final LabelSelector clientSelector;
    private final LongSupplier clock;
    private final ConcurrentSkipListMap<Long, ObservedCounts> timeline = new ConcurrentSkipListMap<>();
    private final List<Consumer<ObservedCounts>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> badSelectors = new HashSet<>();
    private SharedIndexInformer<NetworkPolicy> policies;
    private SharedIndexInformer<Pod> pods;
    private ObservedCounts latest;
    // Counting starts once both caches are full, so that no half-listed state enters the timeline.
    private boolean synced;

    /**
     * @param podSelector    which pods of the namespace belong to the experiment, in {@code kubectl -l} syntax; the
     *                       API server filters by it
     * @param clientSelector which of those are clients
     */
    public ClusterObserver(KubernetesClient client, PodIdentity self, String podSelector, LabelSelector clientSelector,
                           LongSupplier clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.self = Objects.requireNonNull(self, "self");
        this.podSelector = Objects.requireNonNull(podSelector, "podSelector");
        this.clientSelector = Objects.requireNonNull(clientSelector, "clientSelector");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Calls {@code listener} with every change of the counts, from the informers' thread. */
    public void onChange(Consumer<ObservedCounts> listener) {
        listeners.add(listener);
    }

    /**
     * Lists and starts watching; returns once both caches hold the current objects.
     *
     * @throws IllegalStateException when the API server does not answer within {@code timeout}
     */
    public void start(Duration timeout) throws InterruptedException {
        ResourceEventHandler<HasMetadata> recount = new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                recount();
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                recount();
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                recount();
            }
        };
        policies = client.network().v1().networkPolicies().inNamespace(self.namespace()).runnableInformer(0);
        policies.addEventHandler(recount);
        pods = client.pods().inNamespace(self.namespace()).withLabelSelector(podSelector).runnableInformer(0);
        pods.addEventHandler(recount);
        await(policies.start().toCompletableFuture(), "networkpolicies", timeout);
        await(pods.start().toCompletableFuture(), "pods (" + podSelector + ")", timeout);
        synchronized (this) {
            synced = true;
        }
        recount();
        LOG.info("watching NetworkPolicies and pods ({}) in {}: {}", podSelector, self.namespace(), latest);
    }

    private void await(CompletableFuture<Void> synced, String what, Duration timeout)
            throws InterruptedException {
        try {
            synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list and watch " + what + " in namespace " + self.namespace()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the API server did not list " + what + " in namespace "
                    + self.namespace() + " within " + timeout.toSeconds() + " s");
        }
    }

    /** The latest counts. */
    public synchronized ObservedCounts current() {
        return latest;
    }

    /** The counts in force at {@code time}: the last change at or before it (the first counts for earlier times). */
    public ObservedCounts at(long time) {
        Map.Entry<Long, ObservedCounts> entry = timeline.floorEntry(time);
        if (entry == null) {
            entry = timeline.firstEntry();
        }
        return entry == null ? null : entry.getValue();
    }

    /** A pod of the experiment by name or IP, e.g. the server a client was told to probe. */
    public Optional<Pod> pod(String nameOrIp) {
        return pods.getStore().list().stream()
                .filter(p -> nameOrIp.equals(p.getMetadata().getName())
                        || (p.getStatus() != null && nameOrIp.equals(p.getStatus().getPodIP())))
                .findFirst();
    }

    private synchronized void recount() {
        if (!synced) {
            return;
        }
        Map<String, String> ownLabels = ownLabels();
        int namespacePolicies = 0;
        int selecting = 0;
        for (NetworkPolicy policy : policies.getStore().list()) {
            namespacePolicies++;
            if (selects(policy, ownLabels)) {
                selecting++;
            }
        }
        int ready = 0;
        for (Pod pod : pods.getStore().list()) {
            if (pod.getMetadata().getDeletionTimestamp() == null && Readiness.isPodReady(pod)
                    && LabelSelectorMatcher.matches(clientSelector, pod.getMetadata().getLabels())) {
                ready++;
            }
        }
        ObservedCounts counts = new ObservedCounts(clock.getAsLong(), namespacePolicies, selecting, ready);
        if (counts.sameCounts(latest)) {
            return;
        }
        latest = counts;
        timeline.put(counts.time(), counts);
        // Keep the last change before the horizon: it is still in force at the horizon.
        Long horizon = timeline.floorKey(counts.time() - HISTORY.toMillis());
        if (horizon != null) {
            timeline.headMap(horizon).clear();
        }
        LOG.debug("counts now {}", counts);
        for (Consumer<ObservedCounts> listener : listeners) {
            listener.accept(counts);
        }
    }

    /** The own pod's labels as the watch sees them (they may change), else those it started with. */
    private Map<String, String> ownLabels() {
        Pod own = pods.getStore().getByKey(self.namespace() + "/" + self.pod());
        if (own != null && own.getMetadata().getLabels() != null) {
            return own.getMetadata().getLabels();
        }
        return self.labels();
    }

    private boolean selects(NetworkPolicy policy, Map<String, String> labels) {
        try {
            return LabelSelectorMatcher.matches(policy.getSpec() == null ? null : policy.getSpec().getPodSelector(),
                    labels);
        } catch (IllegalArgumentException e) {
            String name = policy.getMetadata().getName();
            if (badSelectors.add(name)) {
                LOG.warn("NetworkPolicy {}/{} is counted as not selecting this pod: {}", self.namespace(), name,
                        e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        if (policies != null) {
            policies.close();
        }
        if (pods != null) {
            pods.close();
        }
    }
}
