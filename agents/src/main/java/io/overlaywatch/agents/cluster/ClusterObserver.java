package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.WireRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches a namespace's NetworkPolicies and the experiment's pods with informers (list once, then watch) and makes a
 * {@link ClusterView} of them at every change: one observer per namespace, so that the agents in the experiment's
 * pods need not watch the API server each.
 */
public final class ClusterObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String podSelector;
    private final LabelSelector clientSelector;
    private final Supplier<String> cni;
    private final LongSupplier clock;
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> badSelectors = new HashSet<>();
    private SharedIndexInformer<NetworkPolicy> policies;
    private SharedIndexInformer<Pod> pods;
    private ClusterView latest;
    // Asked at the start and at each refresh only: the informers' thread must not wait for the API server.
    private String cniTag;
    // Views start once both caches are full, so that no half-listed state is sent.
    private boolean synced;

    /**
     * @param podSelector    which pods of the namespace belong to the experiment, in {@code kubectl -l} syntax; the
     *                       API server filters by it
     * @param clientSelector which of those are clients
     * @param cni            the CNI's tag, asked at the start and at every {@link #refresh(Consumer)} (e.g. a
     *                       {@link CniDetector}'s, which caches it)
     */
    public ClusterObserver(KubernetesClient client, String namespace, String podSelector, LabelSelector clientSelector,
                           Supplier<String> cni, LongSupplier clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.podSelector = Objects.requireNonNull(podSelector, "podSelector");
        this.clientSelector = Objects.requireNonNull(clientSelector, "clientSelector");
        this.cni = Objects.requireNonNull(cni, "cni");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Calls {@code listener} with every changed view, from the informers' thread or {@link #refresh(Consumer)}'s caller. */
    public void onChange(Consumer<ClusterView> listener) {
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
                onEvent();
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                onEvent();
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                onEvent();
            }
        };
        policies = client.network().v1().networkPolicies().inNamespace(namespace).runnableInformer(0);
        policies.addEventHandler(recount);
        pods = client.pods().inNamespace(namespace).withLabelSelector(podSelector).runnableInformer(0);
        pods.addEventHandler(recount);
        await(policies.start().toCompletableFuture(), "networkpolicies", timeout);
        await(pods.start().toCompletableFuture(), "pods (" + podSelector + ")", timeout);
        String firstCni = cni.get();
        ClusterView first;
        synchronized (this) {
            cniTag = firstCni;
            synced = true;
            first = recount();
        }
        LOG.info("watching NetworkPolicies and pods ({}) in {}: {} policies, {} ready clients, {} pods, CNI {}",
                podSelector, namespace, first.policies(), first.readyClients(), first.pods().size(), first.cni());
    }

    private void await(CompletableFuture<Void> synced, String what, Duration timeout)
            throws InterruptedException {
        try {
            synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list and watch " + what + " in namespace " + namespace
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the API server did not list " + what + " in namespace "
                    + namespace + " within " + timeout.toSeconds() + " s");
        }
    }

    /** The latest view, null before {@link #start} returned. */
    public synchronized ClusterView current() {
        return latest;
    }

    /**
     * Asks for the CNI again (it may change without an event here) and makes the view again: a change goes to the
     * listeners, an unchanged view to {@code unchanged}, stamped with the current time, in order with what the
     * listeners are given. Does nothing before {@link #start} returned.
     */
    public void refresh(Consumer<ClusterView> unchanged) {
        String now = cni.get();
        synchronized (this) {
            if (!synced) {
                return;
            }
            cniTag = now;
            ClusterView before = latest;
            ClusterView view = recount();
            if (view == before) {
                unchanged.accept(view.withTime(clock.getAsLong()));
            }
        }
    }

    /** The informers' events: the view again, with the CNI as last asked. */
    private synchronized void onEvent() {
        if (synced) {
            recount();
        }
    }

    /** Makes the view from the caches; tells the listeners when it changed. Returns the latest view. */
    private ClusterView recount() {
        List<NetworkPolicy> inForce = policies.getStore().list();
        List<ClusterView.Member> members = new ArrayList<>();
        int ready = 0;
        for (Pod pod : pods.getStore().list()) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            if (Readiness.isPodReady(pod) && LabelSelectorMatcher.matches(clientSelector, labels)) {
                ready++;
            }
            int selecting = 0;
            for (NetworkPolicy policy : inForce) {
                if (selects(policy, labels)) {
                    selecting++;
                }
            }
            members.add(new ClusterView.Member(pod.getMetadata().getName(),
                    pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                    pod.getSpec() == null ? null : pod.getSpec().getNodeName(), selecting));
        }
        members.sort(Comparator.comparing(ClusterView.Member::name));
        ClusterView view = new ClusterView(WireRecord.VERSION, clock.getAsLong(), namespace, cniTag,
                inForce.size(), ready, members);
        if (view.sameState(latest)) {
            return latest;
        }
        latest = view;
        LOG.debug("view now {}", view);
        for (Consumer<ClusterView> listener : listeners) {
            listener.accept(view);
        }
        return latest;
    }

    private boolean selects(NetworkPolicy policy, Map<String, String> labels) {
        try {
            return LabelSelectorMatcher.matches(policy.getSpec() == null ? null : policy.getSpec().getPodSelector(),
                    labels);
        } catch (IllegalArgumentException e) {
            String name = policy.getMetadata().getName();
            if (badSelectors.add(name)) {
                LOG.warn("NetworkPolicy {}/{} is counted as selecting no pod: {}", namespace, name, e.getMessage());
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
