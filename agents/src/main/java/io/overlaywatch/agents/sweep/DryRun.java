package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints, as YAML, the objects a sweep would apply at each point, in order; touches neither cluster nor Kafka. */
final class DryRun {

    private DryRun() {
    }

    static void print(ClusterSweepSettings settings, PrintStream out) {
        PolicyPlan plan = new PolicyPlan(new PaperPolicies(settings.namespace(), settings.run()));
        out.printf(Locale.ROOT, "# overlaywatch sweep %s, run %s, namespace %s (dry run: nothing is applied)%n",
                settings.scenario().wireName(), settings.run(), settings.namespace());
        for (int point : settings.points()) {
            int count = settings.policiesAt(point);
            int pairs = settings.pairsAt(point);
            PolicyPlan.Changes changes = plan.next(count);
            out.printf(Locale.ROOT, "# --- %s, %s: %d applied, %d deleted%n", ClusterSweep.count(count, "policy", "policies"),
                    ClusterSweep.count(pairs, "pod pair", "pod pairs"), changes.apply().size(), changes.delete().size());
            for (String name : changes.delete()) {
                out.println("# delete networkpolicy " + name);
            }
            for (NetworkPolicy policy : changes.apply()) {
                out.print(Serialization.asYaml(policy));
            }
            for (String deployment : List.of(settings.clientDeployment(), settings.serverDeployment())) {
                out.print(Serialization.asYaml(scale(settings.namespace(), deployment, pairs)));
            }
        }
        out.println("# at the end: every networkpolicy labelled " + BenchLabels.RUN + "=" + settings.run()
                + " deleted, the Deployments scaled back to their replicas before the run");
    }

    private static Scale scale(String namespace, String deployment, int replicas) {
        return new ScaleBuilder().withApiVersion("autoscaling/v1").withKind("Scale")
                .withNewMetadata().withName(deployment).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .build();
    }
}
