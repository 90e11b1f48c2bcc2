package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Profile names, default encapsulations and the lines printed for them. */
class PolicyProfileTest {

    @Test
    void shouldUseTheWireNamesOfTheCommandLine() {
        assertThat(PolicyProfile.values()).extracting(PolicyProfile::wireName)
                .containsExactly("none", "linear", "linear-ct", "hashed");
        for (PolicyProfile p : PolicyProfile.values()) {
            assertThat(PolicyProfile.fromWireName(p.wireName())).isSameAs(p);
        }
        assertThat(PolicyProfile.fromWireName(" Linear-CT ")).isSameAs(PolicyProfile.LINEAR_CT);
    }

    @Test
    void shouldDefaultToTheEncapsulationOfTheCniEachProfileStandsFor() {
        assertThat(PolicyProfile.NONE.defaultEncapsulation()).isEqualTo(Encapsulation.NONE);
        assertThat(PolicyProfile.LINEAR.defaultEncapsulation()).isEqualTo(Encapsulation.IPIP);
        assertThat(PolicyProfile.LINEAR_CT.defaultEncapsulation()).isEqualTo(Encapsulation.IPIP);
        assertThat(PolicyProfile.HASHED.defaultEncapsulation()).isEqualTo(Encapsulation.VXLAN);
    }

    @Test
    void shouldSayWhichLinearProfileIsTheFaithfulCalicoShapeAndWhichTheWorstCase() {
        assertThat(PolicyProfile.LINEAR_CT.description()).contains("faithful").contains("Calico");
        assertThat(PolicyProfile.LINEAR.description()).contains("worst case");
        assertThat(PolicyProfile.HASHED.description()).contains("Cilium").contains("constant");
        for (PolicyProfile p : PolicyProfile.values()) {
            assertThat(p.description()).startsWith(p.wireName() + ":").doesNotContain("\n");
        }
    }

    @Test
    void shouldNameTheValidProfilesWhenOneIsUnknown() {
        assertThatThrownBy(() -> PolicyProfile.fromWireName("calico"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("calico").hasMessageContaining("none, linear, linear-ct, hashed");
    }
}
