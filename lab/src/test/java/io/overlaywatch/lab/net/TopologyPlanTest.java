package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The names, addresses and ip batch scripts of a topology, without building it. */
class TopologyPlanTest {

    private static TopologyPlan plan(int pairs, Encapsulation e, boolean lowerMtu) {
        return new TopologyPlan(new TopologySpec("ow-abc123-", pairs, e, lowerMtu, IpipFallback.STOP), e);
    }

    @Test
    void shouldNameEverythingWithThePrefixAndKeepInterfaceNamesWithinFifteenCharacters() {
        TopologyPlan p = plan(250, Encapsulation.VXLAN, true);
        assertThat(p.namespaces()).hasSize(502).allMatch(n -> n.startsWith("ow-abc123-")).doesNotHaveDuplicates();
        List<String> interfaces = new ArrayList<>(List.of(p.underlay(), p.tunnel()));
        for (int i = 0; i < p.pairs(); i++) {
            interfaces.add(p.clientVeth(i));
            interfaces.add(p.serverVeth(i));
        }
        assertThat(interfaces).allMatch(n -> n.startsWith("ow-abc123-") && n.length() <= 15).doesNotHaveDuplicates();
        assertThat(p.clientAddress(0)).isEqualTo("10.244.1.2");
        assertThat(p.serverAddress(249)).isEqualTo("10.244.2.251");
    }

    @Test
    void shouldRoutePodsLikeCalico() {
        TopologyPlan p = plan(1, Encapsulation.NONE, true);
        assertThat(p.podScript(true, 0)).contains(
                "addr add 10.244.1.2/32 dev eth0",
                "route add 169.254.1.1 dev eth0 scope link",
                "route add default via 169.254.1.1 dev eth0");
        assertThat(p.nodeScript(false)).contains(
                "route add 10.244.2.2/32 dev ow-abc123-s0",
                "route add 10.244.1.0/24 via 10.200.0.1 dev ow-abc123-u");
        assertThat(p.nodeSysctls(false)).contains("net.ipv4.ip_forward=1", "net.ipv4.conf.ow-abc123-s0.proxy_arp=1");
        // Only node A creates the underlay, with its peer directly in node B.
        assertThat(p.nodeScript(true)).contains("link add ow-abc123-u type veth peer name ow-abc123-u netns ow-abc123-node-b");
        assertThat(p.nodeScript(false)).doesNotContain("link add ow-abc123-u");
    }

    @Test
    void shouldTieVxlanToTheUnderlayAndLowerPodMtusOnlyWhenAsked() {
        TopologyPlan lowered = plan(1, Encapsulation.VXLAN, true);
        assertThat(lowered.podMtu()).isEqualTo(1450);
        assertThat(lowered.nodeScript(true)).contains(
                "link add ow-abc123-t mtu 1450 type vxlan id 42 dstport 4789 local 10.200.0.1 remote 10.200.0.2 dev ow-abc123-u",
                "link add ow-abc123-c0 mtu 1450 type veth peer name eth0 mtu 1450 netns ow-abc123-client-0");

        TopologyPlan kept = plan(1, Encapsulation.VXLAN, false);
        assertThat(kept.podMtu()).isEqualTo(1500);
        assertThat(kept.nodeScript(false))
                .contains("link add ow-abc123-t mtu 1500 type vxlan id 42 dstport 4789 local 10.200.0.2 remote 10.200.0.1\n")
                .contains("route add 10.244.1.0/24 via 10.200.1.1 dev ow-abc123-t");
    }

    @Test
    void shouldUseAnIpipTunnelWithItsSmallerHeader() {
        TopologyPlan p = plan(1, Encapsulation.IPIP, true);
        assertThat(p.podMtu()).isEqualTo(1480);
        assertThat(p.nodeScript(true)).contains("link add ow-abc123-t mtu 1480 type ipip local 10.200.0.1 remote 10.200.0.2 dev ow-abc123-u");
        assertThat(plan(1, Encapsulation.NONE, true).podMtu()).isEqualTo(1500);
    }
}
