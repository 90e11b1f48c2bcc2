package io.overlaywatch.agents.cli;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.cluster.ClusterObserver;
import io.overlaywatch.agents.cluster.ClusterViewPublisher;
import io.overlaywatch.agents.cluster.CniDetector;
import io.overlaywatch.agents.cluster.KubernetesClients;
import io.overlaywatch.agents.cluster.LabelSelectorSyntax;
import io.overlaywatch.agents.cluster.PodIdentityResolver;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code observe}: the one watcher of a namespace's experiment; the agents in its pods read what it sends. */
@Command(name = "observe", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Watches a namespace's NetworkPolicies and the experiment's pods (informers)",
            "and the CNI (the DaemonSets in kube-system), and sends a view of them to the",
            "cluster topic at every change and every --period: the counts, the CNI and",
            "each pod's IP and node, which agents started with --kubernetes read instead",
            "of watching the API server each. The counts also go to the counters topic.",
            "One per namespace; runs until stopped (Ctrl-C, SIGTERM)."})
public final class ObserveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ObserveCommand.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--namespace", paramLabel = "NAME", order = 3,
            description = "The experiment's namespace (default: $" + PodIdentityResolver.DEFAULT_NAMESPACE_ENV
                    + ", else the kubeconfig's or service account's).")
    String namespace;

    @Option(names = "--pod-selector", paramLabel = "SELECTOR", order = 4,
            defaultValue = "app.kubernetes.io/part-of=overlaywatch",
            description = "The experiment's pods, as kubectl -l takes it (default: ${DEFAULT-VALUE}).")
    String podSelector;

    @Option(names = "--client-selector", paramLabel = "SELECTOR", order = 5, defaultValue = "role=client",
            description = "Which of them are clients, counted when ready (default: ${DEFAULT-VALUE}).")
    String clientSelector;

    @Option(names = "--kubeconfig", paramLabel = "FILE", order = 6,
            description = "API server and credentials (default: the pod's service account, else $KUBECONFIG "
                    + "or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "30", order = 7,
            description = "Time between two sendings of an unchanged view, with the time it is sent at; the CNI is "
                    + "asked for again then too, from a list of kube-system's DaemonSets every 10 minutes "
                    + "(default: ${DEFAULT-VALUE}).")
    int period;

    @Mixin
    ReadingOptions reading;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (period < 1) {
            throw fail("--period", "must be at least 1 second, was " + period);
        }
        if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
            throw fail("--kubeconfig", "cannot read " + kubeconfig);
        }
        try {
            LabelSelectorSyntax.parse(podSelector);
        } catch (IllegalArgumentException e) {
            throw fail("--pod-selector", e.getMessage());
        }
        LabelSelector clients;
        try {
            clients = LabelSelectorSyntax.parse(clientSelector);
        } catch (IllegalArgumentException e) {
            throw fail("--client-selector", e.getMessage());
        }
        String run = reading.run();
        String nodeName = reading.node();
        String clusterTopic = kafka.clusterTopic();
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig);
             KubernetesClient client = KubernetesClients.create(kubeconfig)) {
            kafka.requireTopics(sink, clusterTopic, sinkConfig.countersTopic());
            String ns = namespace(client);
            CniDetector cni = new CniDetector(client);
            ClusterViewPublisher publisher = new ClusterViewPublisher(sink, clusterTopic, run, nodeName);
            try (ClusterObserver observer = new ClusterObserver(client, ns, podSelector, clients,
                    () -> cni.cni().tag(), System::currentTimeMillis)) {
                observer.onChange(publisher::changed);
                observer.start(SYNC_TIMEOUT);
                CountDownLatch stopped = new CountDownLatch(1);
                UntilStopped.run(stopped::countDown, () -> {
                    while (!stopped.await(period, TimeUnit.SECONDS)) {
                        observer.refresh(publisher::republish);
                    }
                }, sink);
            }
            LOG.info("observing {} ended", ns);
            return ProbeRuns.deliveredExitCode(sink);
        }
    }

    private String namespace(KubernetesClient client) {
        String ns = namespace != null ? namespace : System.getenv(PodIdentityResolver.DEFAULT_NAMESPACE_ENV);
        if (ns == null || ns.isBlank()) {
            ns = client.getNamespace();
        }
        if (ns == null || ns.isBlank()) {
            throw fail("--namespace", "not given, and neither $" + PodIdentityResolver.DEFAULT_NAMESPACE_ENV
                    + " nor the kubeconfig names one");
        }
        return ns;
    }

    private ParameterException fail(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
