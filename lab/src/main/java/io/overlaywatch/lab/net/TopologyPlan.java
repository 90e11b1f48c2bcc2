package io.overlaywatch.lab.net;

import java.util.ArrayList;
import java.util.List;

/** Names, addresses, MTUs and the {@code ip -batch} scripts of one lab topology, computed without touching the system. */
final class TopologyPlan {

    static final String UNDERLAY_A = "10.200.0.1";
    static final String UNDERLAY_B = "10.200.0.2";
    static final int UNDERLAY_PREFIX_LENGTH = 30;
    static final String TUNNEL_A = "10.200.1.1";
    static final String TUNNEL_B = "10.200.1.2";
    static final String POD_CIDR_A = "10.244.1.0/24";
    static final String POD_CIDR_B = "10.244.2.0/24";
    /** Calico's pod gateway: a link-local address nobody owns, answered by proxy ARP on the node's veth. */
    static final String POD_GATEWAY = "169.254.1.1";
    static final int VXLAN_ID = 42;
    static final int VXLAN_PORT = 4789;
    static final int ETHERNET_MTU = 1500;
    static final String POD_INTERFACE = "eth0";

    private final TopologySpec spec;
    private final Encapsulation encapsulation;

    TopologyPlan(TopologySpec spec, Encapsulation encapsulation) {
        this.spec = spec;
        this.encapsulation = encapsulation;
    }

    TopologySpec spec() {
        return spec;
    }

    Encapsulation encapsulation() {
        return encapsulation;
    }

    String prefix() {
        return spec.prefix();
    }

    int pairs() {
        return spec.pairs();
    }

    String nodeA() {
        return prefix() + "node-a";
    }

    String nodeB() {
        return prefix() + "node-b";
    }

    String clientNamespace(int pair) {
        return prefix() + "client-" + checkPair(pair);
    }

    String serverNamespace(int pair) {
        return prefix() + "server-" + checkPair(pair);
    }

    /** The node-side end of a client pod's veth (in node A), like Calico's {@code cali...} interfaces. */
    String clientVeth(int pair) {
        return prefix() + "c" + checkPair(pair);
    }

    /** The node-side end of a server pod's veth (in node B): policy chains match it as the output interface. */
    String serverVeth(int pair) {
        return prefix() + "s" + checkPair(pair);
    }

    /** The veth joining the nodes: the same name in both node namespaces. */
    String underlay() {
        return prefix() + "u";
    }

    /** The tunnel device in each node when the encapsulation has one. */
    String tunnel() {
        return prefix() + "t";
    }

    String clientAddress(int pair) {
        return "10.244.1." + (checkPair(pair) + 2);
    }

    String serverAddress(int pair) {
        return "10.244.2." + (checkPair(pair) + 2);
    }

    /** The pods' MTU: lowered by the tunnel header as a CNI does, or left at 1500 to show fragmentation. */
    int podMtu() {
        return spec.lowerMtu() ? ETHERNET_MTU - encapsulation.overheadBytes() : ETHERNET_MTU;
    }

    int tunnelMtu() {
        return podMtu();
    }

    /** Every namespace of the topology, nodes first. */
    List<String> namespaces() {
        List<String> names = new ArrayList<>(2 + 2 * pairs());
        names.add(nodeA());
        names.add(nodeB());
        for (int i = 0; i < pairs(); i++) {
            names.add(clientNamespace(i));
        }
        for (int i = 0; i < pairs(); i++) {
            names.add(serverNamespace(i));
        }
        return names;
    }

    /** For {@code ip -batch -}: adds every namespace. */
    String createNamespacesScript() {
        StringBuilder s = new StringBuilder();
        namespaces().forEach(ns -> s.append("netns add ").append(ns).append('\n'));
        return s.toString();
    }

    /** For {@code ip -n NODE -batch -}: the node's underlay, tunnel, pod veths and routes. Node A's script must run first. */
    String nodeScript(boolean a) {
        StringBuilder s = new StringBuilder();
        line(s, "link set lo up");
        if (a) {
            // Created from node A with its peer directly in node B: nothing ever appears in the host's namespace.
            line(s, "link add " + underlay() + " type veth peer name " + underlay() + " netns " + nodeB());
        }
        line(s, "addr add " + (a ? UNDERLAY_A : UNDERLAY_B) + "/" + UNDERLAY_PREFIX_LENGTH + " dev " + underlay());
        line(s, "link set " + underlay() + " up");
        // Proxy ARP answers only for addresses routed out of another device: give the pod gateway such a route.
        line(s, "route add " + POD_GATEWAY + "/32 dev lo");
        tunnelLines(s, a);
        for (int i = 0; i < pairs(); i++) {
            String veth = a ? clientVeth(i) : serverVeth(i);
            String pod = a ? clientNamespace(i) : serverNamespace(i);
            String address = a ? clientAddress(i) : serverAddress(i);
            line(s, "link add " + veth + " mtu " + podMtu() + " type veth peer name " + POD_INTERFACE
                    + " mtu " + podMtu() + " netns " + pod);
            line(s, "link set " + veth + " up");
            // Routed, not bridged: traffic to the pod is forwarded, so it crosses the node's FORWARD hook.
            line(s, "route add " + address + "/32 dev " + veth);
        }
        return s.toString();
    }

    private void tunnelLines(StringBuilder s, boolean a) {
        String local = a ? UNDERLAY_A : UNDERLAY_B;
        String remote = a ? UNDERLAY_B : UNDERLAY_A;
        String peerPods = a ? POD_CIDR_B : POD_CIDR_A;
        switch (encapsulation) {
            case NONE -> line(s, "route add " + peerPods + " via " + remote + " dev " + underlay());
            case VXLAN, IPIP -> {
                String type = encapsulation == Encapsulation.VXLAN
                        ? "vxlan id " + VXLAN_ID + " dstport " + VXLAN_PORT
                        : "ipip";
                // With "dev" the kernel sizes the tunnel MTU for the header (1450, 1480). Without it a VXLAN
                // device keeps 1500, so full-size pod packets are fragmented after encapsulation.
                String dev = spec.lowerMtu() ? " dev " + underlay() : "";
                line(s, "link add " + tunnel() + " mtu " + tunnelMtu() + " type " + type
                        + " local " + local + " remote " + remote + dev);
                line(s, "addr add " + (a ? TUNNEL_A : TUNNEL_B) + "/" + UNDERLAY_PREFIX_LENGTH + " dev " + tunnel());
                line(s, "link set " + tunnel() + " up");
                line(s, "route add " + peerPods + " via " + (a ? TUNNEL_B : TUNNEL_A) + " dev " + tunnel());
            }
        }
    }

    /** For {@code ip -n POD -batch -}: the pod's address and Calico's routes (gateway on-link, default via it). */
    String podScript(boolean client, int pair) {
        StringBuilder s = new StringBuilder();
        line(s, "link set lo up");
        line(s, "link set " + POD_INTERFACE + " up");
        line(s, "addr add " + (client ? clientAddress(pair) : serverAddress(pair)) + "/32 dev " + POD_INTERFACE);
        line(s, "route add " + POD_GATEWAY + " dev " + POD_INTERFACE + " scope link");
        line(s, "route add default via " + POD_GATEWAY + " dev " + POD_INTERFACE);
        return s.toString();
    }

    /** {@code sysctl -w} arguments for a node: forwarding, and proxy ARP without delay on every pod veth (as felix sets). */
    List<String> nodeSysctls(boolean a) {
        List<String> settings = new ArrayList<>();
        settings.add("net.ipv4.ip_forward=1");
        for (int i = 0; i < pairs(); i++) {
            String veth = a ? clientVeth(i) : serverVeth(i);
            settings.add("net.ipv4.conf." + veth + ".proxy_arp=1");
            settings.add("net.ipv4.neigh." + veth + ".proxy_delay=0");
        }
        return settings;
    }

    private int checkPair(int pair) {
        if (pair < 0 || pair >= pairs()) {
            throw new IndexOutOfBoundsException("pair " + pair + " of a topology with " + pairs() + " pairs");
        }
        return pair;
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append('\n');
    }
}
