package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The preflight message from given environment facts, without faking root. */
class LabPreflightTest {

    private static final String ROOT_STATUS = "Name:\tjava\nUid:\t0\t0\t0\t0\nCapEff:\t000001fffeffffff\n";
    private static final String USER_STATUS = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n";
    // Effective uid 1000 with CAP_NET_ADMIN (bit 12 = 0x1000) granted, e.g. by setcap or a container.
    private static final String NET_ADMIN_STATUS = "Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000001000\n";

    @Test
    void shouldPassAsRootWithEveryProgram() {
        LabPreflight.Environment env = LabPreflight.Environment.from(ROOT_STATUS, p -> true);
        assertThat(env.root()).isTrue();
        assertThat(env.capNetAdmin()).isTrue();
        assertThat(LabPreflight.problems(env)).isEmpty();
        LabPreflight.check(env);
    }

    @Test
    void shouldAcceptCapNetAdminWithoutRoot() {
        LabPreflight.Environment env = LabPreflight.Environment.from(NET_ADMIN_STATUS, p -> true);
        assertThat(env.root()).isFalse();
        assertThat(env.capNetAdmin()).isTrue();
        assertThat(LabPreflight.problems(env)).isEmpty();
    }

    @Test
    void shouldNameEverythingMissingInOneMessageWithThePackagesToInstall() {
        LabPreflight.Environment env = LabPreflight.Environment.from(USER_STATUS,
                p -> !Set.of("iperf3", "nft", "iptables-restore").contains(p));

        assertThatThrownBy(() -> LabPreflight.check(env))
                .isInstanceOf(LabPreflightException.class)
                .hasMessageContaining("nothing was created")
                .hasMessageContaining("not running as root and without CAP_NET_ADMIN")
                .hasMessageContaining("missing programs: iperf3, iptables-restore, nft")
                .hasMessageContaining("apt-get install iperf3 iptables nftables")
                .satisfies(e -> assertThat(((LabPreflightException) e).problems()).hasSize(2));
    }

    @Test
    void shouldNameIproute2WhenIpIsMissing() {
        LabPreflight.Environment env = new LabPreflight.Environment(true, true, Set.of("ip"));
        assertThat(LabPreflight.message(LabPreflight.problems(env)))
                .contains("missing programs: ip ").contains("apt-get install iproute2").doesNotContain("root");
    }

    @Test
    void shouldTreatAnUnreadableStatusAsNeitherRootNorCapable() {
        LabPreflight.Environment env = LabPreflight.Environment.from("", p -> true);
        assertThat(LabPreflight.problems(env)).singleElement().asString().contains("CAP_NET_ADMIN");
    }
}
