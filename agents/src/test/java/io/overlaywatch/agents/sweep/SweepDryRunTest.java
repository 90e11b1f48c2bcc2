package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.overlaywatch.agents.deploy.DeployManifests;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dry run prints the paper's policy set as the sweep would apply it, and never opens a cluster or Kafka. */
class SweepDryRunTest {

    private static final SweepMain.Connector NO_CLUSTER = context -> {
        throw new AssertionError("the dry run must not connect to a cluster");
    };

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int sweep(String... args) {
        return SweepMain.run(NO_CLUSTER, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private List<HasMetadata> printedObjects() {
        return DeployManifests.parse(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void shouldPrintThePapersPolicySetStepByStepWithoutTouchingAnything() {
        // An unreachable broker: the dry run would hang or fail if it tried Kafka.
        assertThat(sweep("policy", "--dry-run", "--run", "paper", "--counts", "1,10,100",
                "--bootstrap-servers", "192.0.2.1:9")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        List<HasMetadata> objects = printedObjects();
        List<NetworkPolicy> applied = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        // 1 new; then 9 new and the first moved off the traffic's port; then 90 new and the tenth moved off it.
        assertThat(applied).hasSize(1 + 10 + 91);
        Map<String, NetworkPolicy> finalSet = new LinkedHashMap<>();
        applied.forEach(p -> finalSet.put(p.getMetadata().getName(), p));
        assertThat(List.copyOf(finalSet.values()))
                .containsExactlyInAnyOrderElementsOf(new PaperPolicies("overlaywatch-bench", "paper").set(100));
        assertThat(objects.stream().filter(Scale.class::isInstance).map(Scale.class::cast))
                .extracting(s -> s.getMetadata().getName() + "=" + s.getSpec().getReplicas())
                .containsExactly("overlaywatch-client=1", "overlaywatch-server=1", "overlaywatch-client=1",
                        "overlaywatch-server=1", "overlaywatch-client=1", "overlaywatch-server=1");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("# --- 10 policies, 1 pod pair: 10 applied, 0 deleted");
    }

    @Test
    void shouldPrintThePodSweepsScalesAndItsPolicies() {
        assertThat(sweep("pod", "--dry-run", "--run", "pods", "--pods", "1,2,40", "--policies", "3")).isZero();

        List<HasMetadata> objects = printedObjects();
        assertThat(objects.stream().filter(NetworkPolicy.class::isInstance)).hasSize(3);
        assertThat(objects.stream().filter(Scale.class::isInstance).map(Scale.class::cast))
                .extracting(s -> s.getSpec().getReplicas())
                .containsExactly(1, 1, 2, 2, 40, 40);
    }

    @Test
    void shouldNameTheOptionOfABadValue() {
        assertThat(sweep("policy", "--dry-run", "--run", "Not_A_Label")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'--run'").contains("lower-case");
        err.reset();
        assertThat(sweep("policy", "--dry-run", "--counts", "1,60000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'--counts'").contains("60000");
        err.reset();
        assertThat(sweep("pod", "--dry-run", "--pods", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'--pods'");
        err.reset();
        assertThat(sweep("pod", "--dry-run", "--protocols", "sctp")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--protocols");
        assertThat(out.size()).isZero();
    }

    @Test
    void shouldHelpAtEveryLevel() {
        assertThat(sweep("--help")).isZero();
        assertThat(sweep("policy", "--help")).isZero();
        assertThat(sweep("pod", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--counts").contains("--pods").contains("--dry-run");
        assertThat(sweep()).isEqualTo(2);
    }
}
