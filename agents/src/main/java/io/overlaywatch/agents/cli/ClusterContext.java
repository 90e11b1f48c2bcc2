package io.overlaywatch.agents.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.cluster.ClusterObserver;
import io.overlaywatch.agents.cluster.CniDetector;
import io.overlaywatch.agents.cluster.KubernetesClients;
import io.overlaywatch.agents.cluster.ObservedCounts;
import io.overlaywatch.agents.cluster.PodIdentity;
import io.overlaywatch.agents.live.ObservedCountsSink;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.StepKey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/** What an agent started with {@code --kubernetes} knows of its cluster: its own pod, the counts, the CNI. */
final class ClusterContext implements AutoCloseable {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNKNOWN = "unknown";

    private final KubernetesClient client;
    private final PodIdentity self;
    private final ClusterObserver observer;
    private final CniDetector cni;

    private ClusterContext(KubernetesClient client, PodIdentity self, ClusterObserver observer, CniDetector cni) {
        this.client = client;
        this.self = self;
        this.observer = observer;
        this.cni = cni;
    }

    /** Connects, finds the own pod and fills the informers' caches; null without {@code --kubernetes}. */
    static ClusterContext open(ClusterOptions options) throws InterruptedException {
        if (!options.enabled()) {
            return null;
        }
        KubernetesClient client = KubernetesClients.create(options.kubeconfig());
        ClusterObserver observer = null;
        try {
            PodIdentity self = options.identityResolver().resolve(System::getenv, client);
            observer = new ClusterObserver(client, self, options.podSelector(), options.clientSelector(),
                    System::currentTimeMillis);
            observer.start(SYNC_TIMEOUT);
            return new ClusterContext(client, self, observer, new CniDetector(client));
        } catch (RuntimeException | InterruptedException e) {
            if (observer != null) {
                observer.close();
            }
            client.close();
            throw e;
        }
    }

    PodIdentity self() {
        return self;
    }

    ClusterObserver observer() {
        return observer;
    }

    /**
     * A client's labels: this pod and node unless given, the server's pod and node from the experiment's pod at
     * the address probed (by name, or by the IP the name resolves to), and the CNI unless given.
     */
    ProbeLabels clientLabels(ProbeLabels base, LabelOptions.Values given, String server) {
        Optional<Pod> peer = observer.pod(server).or(() -> resolve(server).flatMap(observer::pod));
        String serverPod = given.serverPod != null ? given.serverPod
                : peer.map(p -> p.getMetadata().getName()).orElse(server);
        String dstNode = given.dstNode != null ? given.dstNode
                : peer.map(p -> p.getSpec().getNodeName()).orElse(base.dstNode());
        return new ProbeLabels(withCni(base.step(), given), orElse(given.clientPod, self.pod()), serverPod,
                orElse(given.srcNode, self.node()), dstNode, base.congestion(), base.affinity());
    }

    /**
     * A server's labels: this pod and node unless given, and the CNI unless given. iperf3 -s serves whichever client
     * comes, so the client's pod and node are {@code unknown} unless given: the host name would be the server's own.
     */
    ProbeLabels serverLabels(ProbeLabels base, LabelOptions.Values given) {
        return new ProbeLabels(withCni(base.step(), given), orElse(given.clientPod, UNKNOWN),
                orElse(given.serverPod, self.pod()), orElse(given.srcNode, UNKNOWN), orElse(given.dstNode, self.node()),
                base.congestion(), base.affinity());
    }

    /** The step with the detected CNI, unless {@code --cni} named one. */
    StepKey withCni(StepKey step, LabelOptions.Values given) {
        if (!LabelOptions.DEFAULT_CNI.equals(given.cni)) {
            return step;
        }
        return new StepKey(step.run(), step.scenario(), cni.cni().tag(), step.protocol(), step.index(),
                step.policies(), step.pods(), step.repetition());
    }

    /** A sink that puts the counts of each record's time into its step. */
    RecordSink tagging(RecordSink sink) {
        return new ObservedCountsSink(sink, observer::at);
    }

    /** Sends the counts now and at every change, as counter readings of {@code run}. */
    void publishCounts(String run, RecordSink sink) {
        observer.onChange(counts -> send(counts, run, sink));
        send(observer.current(), run, sink);
    }

    private void send(ObservedCounts counts, String run, RecordSink sink) {
        counts.toCounters(run, self).forEach(sink::send);
    }

    private static Optional<String> resolve(String host) {
        try {
            return Optional.of(InetAddress.getByName(host).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    @Override
    public void close() {
        observer.close();
        client.close();
    }
}
