package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's policy set: N policies on the server pods, each admitting the client pods on one port of its own;
 * only the last admits the traffic's port, so a datapath that checks policies in order walks all of them.
 */
public final class PaperPolicies {

    /** Ports of the policies before the last: 10001, 10002, ... (none is the traffic's port). */
    static final int FIRST_OTHER_PORT = 10_001;
    /** Enough for the paper's 10,000 and more, without reaching the top of the port range. */
    public static final int MAX_POLICIES = 50_000;

    private final String namespace;
    private final String run;

    public PaperPolicies(String namespace, String run) {
        this.namespace = namespace;
        this.run = run;
    }

    /** The name of policy {@code i} (from 1); zero-padded so that name order is policy order. */
    public String name(int i) {
        return String.format(Locale.ROOT, "ow-%s-%05d", run, i);
    }

    /** The port policy {@code i} of a set of {@code count} admits: the traffic's port for the last. */
    public static int port(int i, int count) {
        return i == count ? BenchLabels.TRAFFIC_PORT : FIRST_OTHER_PORT + i - 1;
    }

    /** Policy {@code i} of a set of {@code count}. */
    public NetworkPolicy policy(int i, int count) {
        int port = port(i, count);
        // TCP and UDP both: an iperf3 UDP test still opens its control connection over TCP.
        List<NetworkPolicyPort> ports = List.of(
                new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build(),
                new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(port)).build());
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(name(i))
                    .withNamespace(namespace)
                    .withLabels(BenchLabels.ofRun(run))
                .endMetadata()
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(BenchLabels.role(BenchLabels.SERVER)).endPodSelector()
                    .withPolicyTypes("Ingress")
                    .addNewIngress()
                        .addNewFrom().withNewPodSelector()
                            .withMatchLabels(BenchLabels.role(BenchLabels.CLIENT))
                        .endPodSelector().endFrom()
                        .withPorts(ports)
                    .endIngress()
                .endSpec()
                .build();
    }

    /** The whole set of {@code count} policies, in order. */
    public List<NetworkPolicy> set(int count) {
        List<NetworkPolicy> policies = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            policies.add(policy(i, count));
        }
        return policies;
    }
}
