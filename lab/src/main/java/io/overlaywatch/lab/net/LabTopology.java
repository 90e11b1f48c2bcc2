package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Two "worker node" namespaces on a veth underlay with client pods on A and server pods on B, routed like Calico; close() removes it all. */
public final class LabTopology implements AutoCloseable {

    /** Pod namespaces are configured a few at a time: each is one short {@code ip} process, mostly waiting on the kernel. */
    private static final int CONFIG_THREADS = 4;

    // Printed once per JVM: a sweep builds a topology per step and the user needs to read it only once.
    private static final AtomicBoolean FALLBACK_NOTICE_PRINTED = new AtomicBoolean();

    private final TopologyPlan plan;
    private final PolicyLoader policies;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LabTopology(TopologyPlan plan) {
        this.plan = plan;
        List<String> serverVeths = new ArrayList<>();
        for (int i = 0; i < plan.pairs(); i++) {
            serverVeths.add(plan.serverVeth(i));
        }
        this.policies = new PolicyLoader(plan.nodeB(), serverVeths);
    }

    /**
     * Builds the topology. Kernel features are probed only when IP-in-IP is asked for; a fallback from it is said once
     * on stderr.
     */
    public static LabTopology create(TopologySpec spec) {
        KernelFeatures features = spec.encapsulation() == Encapsulation.IPIP ? KernelFeatures.detect() : KernelFeatures.all();
        return create(spec, features, message -> {
            if (FALLBACK_NOTICE_PRINTED.compareAndSet(false, true)) {
                System.err.println(message);
            }
        });
    }

    /**
     * Builds the topology with known kernel features; {@code notices} hears about a fallback from IP-in-IP. A failure
     * part-way removes what was made and rethrows.
     */
    public static LabTopology create(TopologySpec spec, KernelFeatures features, Consumer<String> notices) {
        Objects.requireNonNull(spec, "spec");
        Encapsulation used = resolveEncapsulation(spec, features, notices);
        LabTopology topology = new LabTopology(new TopologyPlan(spec, used));
        try {
            topology.build();
            return topology;
        } catch (PrefixInUseException e) {
            topology.closed.set(true); // the namespaces are someone else's: leave them
            throw e;
        } catch (RuntimeException | Error e) {
            try {
                topology.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    static Encapsulation resolveEncapsulation(TopologySpec spec, KernelFeatures features, Consumer<String> notices) {
        Encapsulation wanted = spec.encapsulation();
        if (wanted == Encapsulation.VXLAN && !features.vxlan()) {
            throw new IllegalStateException("VXLAN was asked for but this kernel cannot create VXLAN devices"
                    + reason(features, "vxlan") + "; nothing was created. Use encapsulation none.");
        }
        if (wanted != Encapsulation.IPIP || features.ipip()) {
            return wanted;
        }
        IpipFallback fallback = spec.ipipFallback();
        if (fallback == IpipFallback.STOP) {
            throw new IllegalStateException("IP-in-IP (Calico's encapsulation) was asked for but this kernel has no ipip"
                    + " support" + reason(features, "ipip") + "; nothing was created. Choose encapsulation none or vxlan,"
                    + " or let the lab fall back to one of them.");
        }
        Encapsulation replacement = fallback.replacement();
        if (replacement == Encapsulation.VXLAN && !features.vxlan()) {
            replacement = Encapsulation.NONE;
        }
        notices.accept("Note: this kernel has no IP-in-IP" + reason(features, "ipip") + "; the lab uses "
                + (replacement == Encapsulation.NONE ? "plain routes (no encapsulation)" : replacement.wireName())
                + " between the nodes instead of Calico's IP-in-IP.");
        return replacement;
    }

    private static String reason(KernelFeatures features, String feature) {
        String why = features.failures().get(feature);
        return why == null || why.isBlank() ? "" : " (" + why.lines().findFirst().orElse(why) + ")";
    }

    private void build() {
        // close() deletes every planned name that exists: refuse a prefix in use, so it can only delete what we made.
        List<String> taken = LabCleanup.listNamespaces().stream().filter(ns -> ns.startsWith(prefix())).toList();
        if (!taken.isEmpty()) {
            throw new PrefixInUseException("lab prefix " + prefix() + " is already in use by namespaces " + taken
                    + "; nothing was created (remove them with `lab cleanup` or pick another prefix)");
        }
        // One process adds every namespace; each node then gets one batch, its pods one each.
        Commands.run(List.of("ip", "-batch", "-"), plan.createNamespacesScript());
        // Node A creates the underlay veth with its peer in node B, so it goes first.
        Commands.run(List.of("ip", "-n", plan.nodeA(), "-batch", "-"), plan.nodeScript(true));
        Commands.run(List.of("ip", "-n", plan.nodeB(), "-batch", "-"), plan.nodeScript(false));
        List<Runnable> steps = new ArrayList<>();
        for (int i = 0; i < plan.pairs(); i++) {
            int pair = i;
            steps.add(() -> Commands.run(List.of("ip", "-n", plan.clientNamespace(pair), "-batch", "-"), plan.podScript(true, pair)));
            steps.add(() -> Commands.run(List.of("ip", "-n", plan.serverNamespace(pair), "-batch", "-"), plan.podScript(false, pair)));
        }
        steps.add(() -> sysctl(plan.nodeA(), plan.nodeSysctls(true)));
        steps.add(() -> sysctl(plan.nodeB(), plan.nodeSysctls(false)));
        runAll(steps);
    }

    private static void sysctl(String ns, List<String> settings) {
        List<String> command = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        command.addAll(settings);
        Commands.run(Commands.inNamespace(ns, command));
    }

    private static void runAll(List<Runnable> steps) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONFIG_THREADS, steps.size()), r -> {
            Thread t = new Thread(r, "lab-topology");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            steps.forEach(step -> futures.add(pool.submit(step)));
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while building the lab topology", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Replaces the policy rules on node B with {@code policies} policies guarding every server pod's ingress (a chain or
     * set per pod, as a NetworkPolicy selecting the server role), ports all different, the traffic's port only in the
     * last; loaded with one {@code iptables-restore} or {@code nft -f}. Anything else to the server pods is dropped.
     */
    public AppliedPolicies applyPolicies(PolicyProfile profile, int policies, Protocol protocol, int trafficPort) {
        requireOpen();
        return this.policies.apply(profile, policies, protocol, trafficPort);
    }

    /** The rules in force now. */
    public AppliedPolicies appliedPolicies() {
        return policies.current();
    }

    /** {@code ip netns exec NS command...}: how to run a command (iperf3, cat) inside one of the lab's namespaces. */
    public List<String> inNamespace(String ns, List<String> command) {
        return Commands.inNamespace(ns, command);
    }

    /** Reads a file as seen inside a namespace, e.g. {@code /proc/net/dev}. */
    public String read(String ns, String path) {
        return NamespaceFiles.read(ns, path);
    }

    public TopologySpec spec() {
        return plan.spec();
    }

    public String prefix() {
        return plan.prefix();
    }

    public int pairs() {
        return plan.pairs();
    }

    /** The encapsulation actually in use, after any fallback from IP-in-IP. */
    public Encapsulation encapsulation() {
        return plan.encapsulation();
    }

    /** The pods' MTU (1500, or lowered by the tunnel header). */
    public int podMtu() {
        return plan.podMtu();
    }

    /** The worker node namespace of the client pods. */
    public String nodeA() {
        return plan.nodeA();
    }

    /** The worker node namespace of the server pods, where the policy rules sit. */
    public String nodeB() {
        return plan.nodeB();
    }

    public String clientNamespace(int pair) {
        return plan.clientNamespace(pair);
    }

    public String serverNamespace(int pair) {
        return plan.serverNamespace(pair);
    }

    public String clientAddress(int pair) {
        return plan.clientAddress(pair);
    }

    public String serverAddress(int pair) {
        return plan.serverAddress(pair);
    }

    /** The node-side veth of a client pod, in node A (its counters are the pod's traffic). */
    public String clientVeth(int pair) {
        return plan.clientVeth(pair);
    }

    /** The node-side veth of a server pod, in node B. */
    public String serverVeth(int pair) {
        return plan.serverVeth(pair);
    }

    /** The veth between the nodes, named alike in both. */
    public String underlayInterface() {
        return plan.underlay();
    }

    /** The tunnel device in both nodes, when the encapsulation has one. */
    public Optional<String> tunnelInterface() {
        return encapsulation() == Encapsulation.NONE ? Optional.empty() : Optional.of(plan.tunnel());
    }

    /** Every namespace of this topology, nodes first. */
    public List<String> namespaces() {
        return plan.namespaces();
    }

    /** Deletes every namespace this topology made, with whatever still runs in them; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LabCleanup.remove(plan.namespaces());
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("lab topology " + prefix() + " is closed");
        }
    }

    /** Another topology, or a killed run, holds namespaces with this prefix. */
    static final class PrefixInUseException extends IllegalStateException {
        PrefixInUseException(String message) {
            super(message);
        }
    }
}
