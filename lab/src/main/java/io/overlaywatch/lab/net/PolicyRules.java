package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;

import java.util.List;

/** Renders N policies as one {@code iptables-restore} or {@code nft -f} input, ports all different, the traffic's port only in the last. */
final class PolicyRules {

    /** Decoy ports start above the well-known ones. */
    static final int FIRST_DECOY_PORT = 1024;
    static final int MAX_POLICIES = 65535 - FIRST_DECOY_PORT;
    /** The nftables table the hashed profile owns in node B. */
    static final String NFT_TABLE = "overlaywatch";
    /** Input for {@code iptables-restore} that leaves the filter table empty (the nft backend removes it). */
    static final String IPTABLES_CLEAR = "*filter\nCOMMIT\n";
    /** Input for {@code nft -f -} that removes the hashed profile's table whether it exists or not. */
    static final String NFT_CLEAR = "table ip " + NFT_TABLE + "\ndelete table ip " + NFT_TABLE + "\n";

    private PolicyRules() {
    }

    /** The ports of {@code policies} policies: decoys from 1024 up, skipping the traffic port, which comes last. */
    static int[] ports(int policies, int trafficPort) {
        checkCounts(policies, trafficPort);
        int[] ports = new int[policies];
        int next = FIRST_DECOY_PORT;
        for (int i = 0; i < policies - 1; i++) {
            if (next == trafficPort) {
                next++;
            }
            ports[i] = next++;
        }
        ports[policies - 1] = trafficPort;
        return ports;
    }

    /** The iptables chain of a server pod, named after its node-side veth. */
    static String chain(String podVeth) {
        return "to-" + podVeth;
    }

    /**
     * {@code iptables-restore} input for {@code linear} or {@code linear-ct}: a FORWARD jump per pod on its veth, and per
     * pod a chain with one ACCEPT per policy port and a final DROP (a NetworkPolicy denies what it does not allow).
     */
    static String iptablesRestore(PolicyProfile profile, List<String> podVeths, int policies, Protocol protocol, int trafficPort) {
        if (!profile.usesIptables()) {
            throw new IllegalArgumentException("profile " + profile + " does not use iptables");
        }
        int[] ports = ports(policies, trafficPort);
        String proto = protocol.wireName();
        StringBuilder s = new StringBuilder(podVeths.size() * policies * 48 + 256);
        s.append("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
        for (String veth : podVeths) {
            s.append(':').append(chain(veth)).append(" - [0:0]\n");
        }
        for (String veth : podVeths) {
            s.append("-A FORWARD -o ").append(veth).append(" -j ").append(chain(veth)).append('\n');
        }
        for (String veth : podVeths) {
            String chain = chain(veth);
            if (profile == PolicyProfile.LINEAR_CT) {
                // felix's shape: established flows leave at the first rule, only new ones walk the policies.
                s.append("-A ").append(chain).append(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n");
            }
            if (protocol == Protocol.UDP) {
                // iperf3's control connection is TCP to the same port; it is not what the sweep measures.
                s.append("-A ").append(chain).append(" -p tcp -m tcp --dport ").append(trafficPort).append(" -j ACCEPT\n");
            }
            for (int port : ports) {
                s.append("-A ").append(chain).append(" -p ").append(proto).append(" -m ").append(proto)
                        .append(" --dport ").append(port).append(" -j ACCEPT\n");
            }
            s.append("-A ").append(chain).append(" -j DROP\n");
        }
        s.append("COMMIT\n");
        return s.toString();
    }

    /** How many rules {@link #iptablesRestore} loads. */
    static int iptablesRuleCount(PolicyProfile profile, int pods, int policies, Protocol protocol) {
        int perPod = 1 + policies + 1 + (profile == PolicyProfile.LINEAR_CT ? 1 : 0) + (protocol == Protocol.UDP ? 1 : 0);
        return pods * perPod;
    }

    /**
     * {@code nft -f} input for {@code hashed}: the table is replaced atomically; a verdict map sends each server pod's
     * traffic to its chain, where one rule looks the port up in the pod's set (a hash, as Cilium's policy map).
     */
    static String nftScript(List<String> podVeths, int policies, Protocol protocol, int trafficPort) {
        int[] ports = ports(policies, trafficPort);
        String proto = protocol.wireName();
        StringBuilder s = new StringBuilder(podVeths.size() * policies * 8 + 512);
        s.append(NFT_CLEAR);
        s.append("table ip ").append(NFT_TABLE).append(" {\n");
        for (int p = 0; p < podVeths.size(); p++) {
            s.append("\tset ports_").append(p).append(" {\n\t\ttype inet_service\n\t\telements = {");
            for (int i = 0; i < ports.length; i++) {
                s.append(i % 32 == 0 ? "\n\t\t\t" : " ").append(ports[i]).append(i < ports.length - 1 ? "," : "");
            }
            s.append("\n\t\t}\n\t}\n");
        }
        s.append("\tchain forward {\n\t\ttype filter hook forward priority 0; policy accept;\n\t\toifname vmap {");
        for (int p = 0; p < podVeths.size(); p++) {
            s.append(p == 0 ? " " : ", ").append('"').append(podVeths.get(p)).append("\" : jump pod_").append(p);
        }
        s.append(" }\n\t}\n");
        for (int p = 0; p < podVeths.size(); p++) {
            s.append("\tchain pod_").append(p).append(" {\n");
            if (protocol == Protocol.UDP) {
                s.append("\t\ttcp dport ").append(trafficPort).append(" accept\n");
            }
            s.append("\t\t").append(proto).append(" dport @ports_").append(p).append(" accept\n");
            s.append("\t\tdrop\n\t}\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** How many rules {@link #nftScript} loads: the dispatch, and per pod the set lookup, the drop and maybe the control port. */
    static int nftRuleCount(int pods, Protocol protocol) {
        return 1 + pods * (2 + (protocol == Protocol.UDP ? 1 : 0));
    }

    private static void checkCounts(int policies, int trafficPort) {
        if (trafficPort < 1 || trafficPort > 65535) {
            throw new IllegalArgumentException("traffic port must be 1..65535, got " + trafficPort);
        }
        if (policies < 1 || policies > MAX_POLICIES) {
            throw new IllegalArgumentException("policies must be 1.." + MAX_POLICIES
                    + " (each needs its own port; the last allows the traffic), got " + policies);
        }
    }
}
