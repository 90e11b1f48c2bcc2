package io.overlaywatch.lab;

import picocli.CommandLine.Command;

/** The paper's experiments on one Linux machine, with network namespaces standing in for nodes and pods. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        subcommands = {LabPolicyCommand.class, LabPodCommand.class, LabCleanupCommand.class},
        description = {
            "The paper's sweeps on this machine: two lab nodes and their pods are network namespaces, joined by "
                    + "veth links and an optional tunnel (VXLAN; IP-in-IP where the kernel has it).",
            "Profiles:",
            "  linear     one iptables rule per policy, walked in order (Calico, worst case)",
            "  linear-ct  that chain behind a conntrack ESTABLISHED accept (Calico's felix)",
            "  hashed     one rule matching a hash set of ports (Cilium-like constant cost)",
            "  none       no rules: the baseline",
            "Every sample goes through the real pipeline: agents, Kafka, the Flink job, InfluxDB."})
public class LabCommand {
}
