package io.overlaywatch.agents.cli;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.overlaywatch.agents.cluster.LabelSelectorSyntax;
import io.overlaywatch.agents.cluster.PodIdentityResolver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** How an agent in a pod learns who it is and what it runs among, from the Kubernetes API. */
public class ClusterOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(validate = false, heading = "%nKubernetes (an agent in a pod):%n", order = 60)
    Values values = new Values();

    /** The options; a group so that help shows them under one heading. */
    static final class Values {

        @Option(names = "--kubernetes", order = 61,
                description = {"Take the pod, node and CNI from the cluster, and tag every sample with the "
                        + "NetworkPolicies in the namespace and the ready client pods at its interval's time "
                        + "(informers); the policies selecting this pod go to the counters topic.",
                    "Explicit --client-pod, --server-pod, --src-node, --dst-node and --cni still win."})
        boolean enabled;

        @Option(names = "--kubeconfig", paramLabel = "FILE", order = 62,
                description = "API server and credentials (default: the pod's service account, else $KUBECONFIG "
                        + "or ~/.kube/config).")
        Path kubeconfig;

        @Option(names = "--pod-selector", paramLabel = "SELECTOR", order = 63,
                defaultValue = "app.kubernetes.io/part-of=overlaywatch",
                description = "The experiment's pods, as kubectl -l takes it (default: ${DEFAULT-VALUE}).")
        String podSelector;

        @Option(names = "--client-selector", paramLabel = "SELECTOR", order = 64, defaultValue = "role=client",
                description = "Which of them are clients, counted when ready (default: ${DEFAULT-VALUE}).")
        String clientSelector;

        @Option(names = "--pod-name-env", paramLabel = "VAR", order = 65,
                defaultValue = PodIdentityResolver.DEFAULT_POD_ENV,
                description = "Variable holding the pod's name, from the downward API (default: ${DEFAULT-VALUE}, "
                        + "else HOSTNAME).")
        String podEnv;

        @Option(names = "--namespace-env", paramLabel = "VAR", order = 66,
                defaultValue = PodIdentityResolver.DEFAULT_NAMESPACE_ENV,
                description = "Variable holding its namespace (default: ${DEFAULT-VALUE}, else the service "
                        + "account's).")
        String namespaceEnv;

        @Option(names = "--node-name-env", paramLabel = "VAR", order = 67,
                defaultValue = PodIdentityResolver.DEFAULT_NODE_ENV,
                description = "Variable holding its node's name (default: ${DEFAULT-VALUE}, else asked from the "
                        + "API server).")
        String nodeEnv;

        @Option(names = "--labels-file", paramLabel = "FILE", order = 68, defaultValue = "/etc/podinfo/labels",
                description = "Downward API file of the pod's labels (default: ${DEFAULT-VALUE}, else asked "
                        + "from the API server).")
        Path labelsFile;
    }

    boolean enabled() {
        return values.enabled;
    }

    /** Checks what can be checked before connecting; every problem names its option. */
    void validate() {
        if (!values.enabled) {
            return;
        }
        if (values.kubeconfig != null && !Files.isReadable(values.kubeconfig)) {
            throw fail("--kubeconfig", "cannot read " + values.kubeconfig);
        }
        clientSelector();
        try {
            LabelSelectorSyntax.parse(values.podSelector);
        } catch (IllegalArgumentException e) {
            throw fail("--pod-selector", e.getMessage());
        }
        requireText("--pod-name-env", values.podEnv);
        requireText("--namespace-env", values.namespaceEnv);
        requireText("--node-name-env", values.nodeEnv);
    }

    LabelSelector clientSelector() {
        try {
            return LabelSelectorSyntax.parse(values.clientSelector);
        } catch (IllegalArgumentException e) {
            throw fail("--client-selector", e.getMessage());
        }
    }

    String podSelector() {
        return values.podSelector;
    }

    Path kubeconfig() {
        return values.kubeconfig;
    }

    PodIdentityResolver identityResolver() {
        return new PodIdentityResolver(values.podEnv, values.namespaceEnv, values.nodeEnv, values.labelsFile);
    }

    private void requireText(String option, String value) {
        if (value == null || value.isBlank()) {
            throw fail(option, "must not be blank");
        }
    }

    private ParameterException fail(String option, String problem) {
        return new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
