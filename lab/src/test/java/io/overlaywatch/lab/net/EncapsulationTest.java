package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encapsulation and fallback names and header sizes. */
class EncapsulationTest {

    @Test
    void shouldUseTheWireNamesOfTheCommandLine() {
        assertThat(Encapsulation.values()).extracting(Encapsulation::wireName).containsExactly("none", "ipip", "vxlan");
        assertThat(Encapsulation.fromWireName("VXLAN")).isSameAs(Encapsulation.VXLAN);
        assertThat(IpipFallback.fromWireName("stop")).isSameAs(IpipFallback.STOP);
        assertThat(IpipFallback.VXLAN.replacement()).isSameAs(Encapsulation.VXLAN);
        assertThat(IpipFallback.of(null)).isSameAs(IpipFallback.STOP);
        assertThat(IpipFallback.of(Encapsulation.NONE)).isSameAs(IpipFallback.NONE);
    }

    @Test
    void shouldKnowTheHeaderEachEncapsulationAdds() {
        assertThat(Encapsulation.NONE.overheadBytes()).isZero();
        assertThat(Encapsulation.IPIP.overheadBytes()).isEqualTo(20);
        assertThat(Encapsulation.VXLAN.overheadBytes()).isEqualTo(50);
    }

    @Test
    void shouldNameTheValidEncapsulationsWhenOneIsUnknown() {
        assertThatThrownBy(() -> Encapsulation.fromWireName("gre"))
                .hasMessageContaining("gre").hasMessageContaining("none, ipip, vxlan");
    }
}
