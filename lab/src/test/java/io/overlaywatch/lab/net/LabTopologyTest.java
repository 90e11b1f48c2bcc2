package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the lab picks its encapsulation from the kernel's features, without building anything. */
class LabTopologyTest {

    private static final KernelFeatures NO_IPIP = new KernelFeatures(false, true, true, true, true,
            Map.of("ipip", "Error: Unknown device type."));

    private static TopologySpec ipip(IpipFallback fallback) {
        return new TopologySpec("ow-abc123-", 1, Encapsulation.IPIP, true, fallback);
    }

    @Test
    void shouldUseIpipWhereTheKernelHasIt() {
        List<String> notices = new ArrayList<>();
        assertThat(LabTopology.resolveEncapsulation(ipip(IpipFallback.STOP), KernelFeatures.all(), notices::add))
                .isEqualTo(Encapsulation.IPIP);
        assertThat(notices).isEmpty();
    }

    @Test
    void shouldStopWithAClearMessageWhenAskedTo() {
        assertThatThrownBy(() -> LabTopology.resolveEncapsulation(ipip(IpipFallback.STOP), NO_IPIP, m -> { }))
                .hasMessageContaining("IP-in-IP").hasMessageContaining("no ipip support (Error: Unknown device type.)")
                .hasMessageContaining("nothing was created");
    }

    @Test
    void shouldFallBackAndSaySoOnce() {
        List<String> notices = new ArrayList<>();
        assertThat(LabTopology.resolveEncapsulation(ipip(IpipFallback.VXLAN), NO_IPIP, notices::add)).isEqualTo(Encapsulation.VXLAN);
        assertThat(LabTopology.resolveEncapsulation(ipip(IpipFallback.NONE), NO_IPIP, notices::add)).isEqualTo(Encapsulation.NONE);
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("no IP-in-IP").contains("uses vxlan");
        assertThat(notices.get(1)).contains("plain routes");
    }
}
