package io.overlaywatch.lab.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the kernel and its tools offer the lab (IP-in-IP, VXLAN, iptables-restore, nft), found by trying each in a throwaway namespace. */
public record KernelFeatures(boolean ipip, boolean vxlan, boolean iptables, boolean iptablesConntrack, boolean nftables,
                             Map<String, String> failures) {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    public KernelFeatures {
        failures = Map.copyOf(failures);
    }

    /** Everything available: for tests and callers that already know. */
    public static KernelFeatures all() {
        return new KernelFeatures(true, true, true, true, true, Map.of());
    }

    /** Tries every feature in a namespace named with a fresh lab prefix, deleted again whatever happens. */
    public static KernelFeatures detect() {
        String ns = LabNames.randomPrefix() + "probe";
        Commands.run(List.of("ip", "netns", "add", ns));
        try {
            Map<String, String> failures = new LinkedHashMap<>();
            // The addresses are never configured anywhere: creating the device is the whole test.
            boolean ipip = works(failures, "ipip", List.of("ip", "-n", ns, "link", "add", "ow-probe-ipip", "type", "ipip",
                    "local", "10.255.0.1", "remote", "10.255.0.2"), null);
            boolean vxlan = works(failures, "vxlan", List.of("ip", "-n", ns, "link", "add", "ow-probe-vx", "type", "vxlan",
                    "id", "42", "dstport", "4789", "local", "10.255.0.1", "remote", "10.255.0.2"), null);
            boolean iptables = works(failures, "iptables-restore", Commands.inNamespace(ns, List.of("iptables-restore")),
                    "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -p tcp --dport 9 -j ACCEPT\nCOMMIT\n");
            boolean conntrack = iptables && works(failures, "iptables conntrack match", Commands.inNamespace(ns, List.of("iptables-restore")),
                    "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\nCOMMIT\n");
            boolean nft = works(failures, "nft", Commands.inNamespace(ns, List.of("nft", "-f", "-")),
                    "table ip owprobe {\n set ports { type inet_service; elements = { 9, 10 }; }\n"
                            + " chain forward { type filter hook forward priority 0; policy accept; tcp dport @ports accept; }\n}\n");
            return new KernelFeatures(ipip, vxlan, iptables, conntrack, nft, failures);
        } finally {
            Commands.run(List.of("ip", "netns", "del", ns));
        }
    }

    /** What is missing for this profile and encapsulation, one phrase each; empty when all is there. */
    public List<String> missingFor(PolicyProfile profile, Encapsulation encapsulation) {
        List<String> missing = new ArrayList<>();
        if (encapsulation == Encapsulation.IPIP && !ipip) {
            missing.add("IP-in-IP tunnels (kernel module ipip)");
        }
        if (encapsulation == Encapsulation.VXLAN && !vxlan) {
            missing.add("VXLAN devices (kernel module vxlan)");
        }
        if (profile.usesIptables() && !iptables) {
            missing.add("iptables-restore in a network namespace");
        }
        if (profile == PolicyProfile.LINEAR_CT && !iptablesConntrack) {
            missing.add("the iptables conntrack match (xt_conntrack)");
        }
        if (profile.usesNftables() && !nftables) {
            missing.add("nftables sets in a network namespace");
        }
        return missing;
    }

    private static boolean works(Map<String, String> failures, String feature, List<String> command, String stdin) {
        CommandResult result = Commands.attempt(command, stdin, PROBE_TIMEOUT);
        if (!result.succeeded()) {
            failures.put(feature, result.stderr().strip());
        }
        return result.succeeded();
    }
}
