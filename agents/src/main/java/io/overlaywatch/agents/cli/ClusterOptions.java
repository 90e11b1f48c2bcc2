package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.cluster.PodIdentityResolver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How an agent in a pod learns who it is (the downward API) and what it runs among (the cluster observer's views). */
public class ClusterOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(validate = false, heading = "%nKubernetes (an agent in a pod):%n", order = 60)
    Values values = new Values();

    /** The options; a group so that help shows them under one heading. */
    static final class Values {

        @Option(names = "--kubernetes", order = 61,
                description = {"Take the pod and node from the downward API's variables, and the CNI, the peer's "
                        + "pod and node and the counts from the cluster observer's views on --cluster-topic "
                        + "(agent observe, one per namespace; the agent itself does not call the API server): "
                        + "every sample is tagged with the NetworkPolicies in the namespace and the ready client "
                        + "pods at its interval's time.",
                    "Explicit --client-pod, --server-pod, --src-node, --dst-node and --cni still win."})
        boolean enabled;

        @Option(names = "--pod-name-env", paramLabel = "VAR", order = 62,
                defaultValue = PodIdentityResolver.DEFAULT_POD_ENV,
                description = "Variable holding the pod's name, from the downward API (default: ${DEFAULT-VALUE}, "
                        + "else HOSTNAME).")
        String podEnv;

        @Option(names = "--namespace-env", paramLabel = "VAR", order = 63,
                defaultValue = PodIdentityResolver.DEFAULT_NAMESPACE_ENV,
                description = "Variable holding its namespace (default: ${DEFAULT-VALUE}).")
        String namespaceEnv;

        @Option(names = "--node-name-env", paramLabel = "VAR", order = 64,
                defaultValue = PodIdentityResolver.DEFAULT_NODE_ENV,
                description = "Variable holding its node's name (default: ${DEFAULT-VALUE}, else the node the "
                        + "observer's view gives the pod).")
        String nodeEnv;
    }

    boolean enabled() {
        return values.enabled;
    }

    /** Checks what can be checked before connecting; every problem names its option. */
    void validate() {
        if (!values.enabled) {
            return;
        }
        requireText("--pod-name-env", values.podEnv);
        requireText("--namespace-env", values.namespaceEnv);
        requireText("--node-name-env", values.nodeEnv);
    }

    PodIdentityResolver identityResolver() {
        return new PodIdentityResolver(values.podEnv, values.namespaceEnv, values.nodeEnv);
    }

    private void requireText(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '" + option
                    + "': must not be blank");
        }
    }
}
