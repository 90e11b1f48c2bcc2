package io.overlaywatch.lab.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.overlaywatch.lab.net.NetProbes.Connect.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Real namespaces, veths and tunnels, as root. */
class LabTopologyITCase {

    private static final Duration CONNECT = Duration.ofSeconds(2);

    @BeforeAll
    static void needsRoot() {
        NetProbes.assumeLabCanRun();
    }

    @Test
    void shouldLeaveNoNamespaceAndNoHostLinkBehind() {
        List<String> before = LabCleanup.listNamespaces();
        TopologySpec spec = TopologySpec.of(1, Encapsulation.NONE);
        try (LabTopology lab = LabTopology.create(spec)) {
            assertThat(NetProbes.namespacesWithPrefix(spec.prefix()))
                    .containsExactlyInAnyOrder(lab.nodeA(), lab.nodeB(), lab.clientNamespace(0), lab.serverNamespace(0));
            assertThat(NetProbes.hostLinksWithPrefix(LabNames.BASE)).as("links in the host's namespace").isEmpty();
        }
        List<String> after = LabCleanup.listNamespaces();
        assertThat(after).filteredOn(n -> !before.contains(n)).noneMatch(n -> n.startsWith(spec.prefix()));
        assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).isEmpty();
    }

    @Test
    void shouldLeaveNothingBehindWithFourVxlanPairsAndCloseTwiceHarmlessly() {
        TopologySpec spec = TopologySpec.of(4, Encapsulation.VXLAN);
        LabTopology lab = LabTopology.create(spec);
        assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).hasSize(10);
        assertThat(lab.tunnelInterface()).contains(spec.prefix() + "t");
        lab.close();
        lab.close();
        assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).isEmpty();
        assertThatThrownBy(() -> lab.applyPolicies(PolicyProfile.LINEAR, 1, io.overlaywatch.model.Protocol.TCP, 5201))
                .hasMessageContaining("closed");
    }

    static Stream<Arguments> encapsulations() {
        return Stream.of(
                Arguments.of(Encapsulation.NONE, true, 1500),
                Arguments.of(Encapsulation.VXLAN, true, 1450),
                Arguments.of(Encapsulation.VXLAN, false, 1500));
    }

    @ParameterizedTest(name = "{0}, lower MTU {1}")
    @MethodSource("encapsulations")
    void shouldCarryPodTrafficAcrossTheNodes(Encapsulation encapsulation, boolean lowerMtu, int mtu) {
        try (LabTopology lab = LabTopology.create(TopologySpec.of(2, encapsulation).withLowerMtu(lowerMtu))) {
            assertThat(lab.encapsulation()).isEqualTo(encapsulation);
            for (int i = 0; i < lab.pairs(); i++) {
                // A refused connect means the SYN reached the server pod and its RST came back.
                assertThat(NetProbes.connect(lab.clientNamespace(i), lab.serverAddress(i), 9, CONNECT))
                        .as("client %d -> server %d", i, i).isEqualTo(REFUSED);
            }
            assertThat(NetProbes.connect(lab.serverNamespace(1), lab.clientAddress(0), 9, CONNECT)).isEqualTo(REFUSED);
            assertThat(lab.read(lab.clientNamespace(0), "/sys/class/net/eth0/mtu").strip()).isEqualTo(String.valueOf(mtu));
            assertThat(lab.podMtu()).isEqualTo(mtu);
            lab.tunnelInterface().ifPresent(t ->
                    assertThat(lab.read(lab.nodeA(), "/sys/class/net/" + t + "/mtu").strip()).isEqualTo(String.valueOf(mtu)));
        }
    }

    @Test
    void shouldRefuseOversizedDontFragmentDatagramsOnlyWhenTheMtuIsLowered() throws IOException {
        try (LabTopology lab = LabTopology.create(TopologySpec.of(1, Encapsulation.VXLAN))) {
            assertThat(sendDontFragment(lab, 1422)).as("1450-byte packets fit the lowered MTU").isPositive();
            assertThatThrownBy(() -> sendDontFragment(lab, 1472)).hasMessageContaining("Message too long");
        }
        try (LabTopology lab = LabTopology.create(TopologySpec.of(1, Encapsulation.VXLAN).withLowerMtu(false))) {
            // The pod sends 1500 bytes with DF; the tunnel fragments the 1550-byte VXLAN packet underneath.
            assertThat(sendDontFragment(lab, 1472)).isPositive();
        }
    }

    private static double sendDontFragment(LabTopology lab, int payload) throws IOException {
        try (NetProbes.Server server = new NetProbes.Server(lab.serverNamespace(0), lab.serverAddress(0), 5201)) {
            return NetProbes.iperf(lab.clientNamespace(0), lab.serverAddress(0), 5201,
                    List.of("-u", "-b", "100M", "-k", "50", "-l", String.valueOf(payload), "--dont-fragment"));
        }
    }

    @Test
    void shouldStopBeforeCreatingAnythingWhenIpipIsMissingAndStopWasChosen() {
        TopologySpec spec = new TopologySpec(LabNames.randomPrefix(), 1, Encapsulation.IPIP, true, IpipFallback.STOP);
        KernelFeatures noIpip = new KernelFeatures(false, true, true, true, true, Map.of());
        assertThatThrownBy(() -> LabTopology.create(spec, noIpip, m -> { }))
                .hasMessageContaining("IP-in-IP").hasMessageContaining("nothing was created");
        assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).isEmpty();
    }

    @Test
    void shouldFallBackToVxlanAndSaySo() {
        TopologySpec spec = new TopologySpec(LabNames.randomPrefix(), 1, Encapsulation.IPIP, true, IpipFallback.VXLAN);
        KernelFeatures noIpip = new KernelFeatures(false, true, true, true, true, Map.of());
        List<String> notices = new ArrayList<>();
        try (LabTopology lab = LabTopology.create(spec, noIpip, notices::add)) {
            assertThat(lab.encapsulation()).isEqualTo(Encapsulation.VXLAN);
            assertThat(lab.podMtu()).isEqualTo(1450);
            assertThat(NetProbes.connect(lab.clientNamespace(0), lab.serverAddress(0), 9, CONNECT)).isEqualTo(REFUSED);
        }
        assertThat(notices).singleElement().asString().contains("no IP-in-IP").contains("vxlan");
    }

    @Test
    void shouldRemoveWhatItMadeWhenCreationFailsPartWay() {
        KernelFeatures real = KernelFeatures.detect();
        assumeFalse(real.ipip(), "this kernel has IP-in-IP, so claiming it cannot make creation fail");
        // Claiming IP-in-IP on a kernel without it fails in node A's batch, after the namespaces exist.
        KernelFeatures lying = new KernelFeatures(true, true, true, true, true, Map.of());
        TopologySpec spec = new TopologySpec(LabNames.randomPrefix(), 3, Encapsulation.IPIP, true, IpipFallback.STOP);
        assertThatThrownBy(() -> LabTopology.create(spec, lying, m -> { }))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("-batch")
                .hasMessageContaining("type ipip");
        assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).isEmpty();
    }

    @Test
    void shouldRefuseAPrefixInUseAndLeaveItsNamespacesAlone() {
        TopologySpec spec = TopologySpec.of(1, Encapsulation.NONE);
        try (LabTopology first = LabTopology.create(spec)) {
            assertThatThrownBy(() -> LabTopology.create(spec)).hasMessageContaining("already in use");
            assertThat(NetProbes.namespacesWithPrefix(spec.prefix())).hasSize(4);
            assertThat(NetProbes.connect(first.clientNamespace(0), first.serverAddress(0), 9, CONNECT)).isEqualTo(REFUSED);
        }
    }
}
