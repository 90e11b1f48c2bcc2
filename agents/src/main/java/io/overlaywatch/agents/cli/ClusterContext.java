package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.cluster.ClusterViewListener;
import io.overlaywatch.agents.cluster.PodIdentity;
import io.overlaywatch.agents.cluster.PodIdentityResolver;
import io.overlaywatch.agents.live.ObservedCountsSink;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.StepKey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * What an agent started with {@code --kubernetes} knows of its cluster: its own pod from the downward API, and the
 * counts, the CNI and its peers from the cluster observer's views.
 */
final class ClusterContext implements AutoCloseable {

    private static final Duration FIRST_VIEW_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNKNOWN = "unknown";

    private final PodIdentity self;
    private final ClusterViewListener views;

    private ClusterContext(PodIdentity self, ClusterViewListener views) {
        this.self = self;
        this.views = views;
    }

    /** Reads the namespace's views until one is there and finds the own pod; null without {@code --kubernetes}. */
    static ClusterContext open(ClusterOptions options, KafkaSinkConfig sinkConfig, String clusterTopic)
            throws InterruptedException {
        if (!options.enabled()) {
            return null;
        }
        PodIdentityResolver resolver = options.identityResolver();
        ClusterViewListener views = new ClusterViewListener(sinkConfig.idleConsumerProperties(), clusterTopic,
                resolver.namespace(System::getenv));
        try {
            views.start(FIRST_VIEW_TIMEOUT);
            PodIdentity self = resolver.resolve(System::getenv,
                    pod -> views.latest().pod(pod).map(ClusterView.Member::node));
            return new ClusterContext(self, views);
        } catch (RuntimeException | InterruptedException e) {
            views.close();
            throw e;
        }
    }

    /**
     * A client's labels: this pod and node unless given, the server's pod and node from the experiment's pod at
     * the address probed (by name, or by the IP the name resolves to), and the CNI unless given.
     */
    ProbeLabels clientLabels(ProbeLabels base, LabelOptions.Values given, String server) {
        ClusterView view = views.latest();
        Optional<ClusterView.Member> peer = view.pod(server).or(() -> resolve(server).flatMap(view::pod));
        String serverPod = given.serverPod != null ? given.serverPod : peer.map(ClusterView.Member::name).orElse(server);
        String dstNode = given.dstNode != null ? given.dstNode
                : peer.map(ClusterView.Member::node).orElse(base.dstNode());
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

    /** The step with the CNI of the latest view, unless {@code --cni} named one. */
    StepKey withCni(StepKey step, LabelOptions.Values given) {
        if (!LabelOptions.DEFAULT_CNI.equals(given.cni)) {
            return step;
        }
        return new StepKey(step.run(), step.scenario(), views.latest().cni(), step.protocol(), step.index(),
                step.policies(), step.pods(), step.repetition());
    }

    /** A sink that puts the counts of each record's time into its step. */
    RecordSink tagging(RecordSink sink) {
        return new ObservedCountsSink(sink, views::at);
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
    public void close() throws InterruptedException {
        views.close();
    }
}
