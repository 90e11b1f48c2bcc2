package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prefixes and pair counts a topology accepts. */
class TopologySpecTest {

    @Test
    void shouldMakeAFreshPrefixForEveryRun() {
        TopologySpec a = TopologySpec.of(1, Encapsulation.NONE);
        TopologySpec b = TopologySpec.of(1, Encapsulation.NONE);
        assertThat(a.prefix()).matches("ow-[a-z0-9]{6}-").isNotEqualTo(b.prefix());
        assertThat(a.lowerMtu()).isTrue();
        assertThat(a.ipipFallback()).isEqualTo(IpipFallback.NONE);
    }

    @Test
    void shouldRefusePrefixesThatCleanupWouldNotFindOrThatMakeInterfaceNamesTooLong() {
        assertThatThrownBy(() -> new TopologySpec("lab-", 1, Encapsulation.NONE, true, IpipFallback.STOP))
                .hasMessageContaining("must start with 'ow-'");
        assertThatThrownBy(() -> new TopologySpec("ow-Ab_", 1, Encapsulation.NONE, true, IpipFallback.STOP))
                .hasMessageContaining("a-z, 0-9");
        assertThatThrownBy(() -> new TopologySpec("ow-abcdefghijk-", 1, Encapsulation.NONE, true, IpipFallback.STOP))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> new TopologySpec("ow-abcdef-", 0, Encapsulation.NONE, true, IpipFallback.STOP))
                .hasMessageContaining("pairs must be 1..250");
        assertThat(new TopologySpec("ow-abcdef-", 250, Encapsulation.NONE, true, IpipFallback.STOP).pairs()).isEqualTo(250);
    }
}
