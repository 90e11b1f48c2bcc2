package io.overlaywatch.lab.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Probing the kernel in a throwaway namespace. */
class KernelFeaturesITCase {

    @BeforeAll
    static void needsRoot() {
        NetProbes.assumeLabCanRun();
    }

    @Test
    void shouldFindWhatThisKernelOffersAndDeleteItsProbeNamespace() {
        List<String> before = LabCleanup.listNamespaces();

        KernelFeatures features = KernelFeatures.detect();

        // Built into every kernel the lab targets; IP-in-IP differs between kernels and is only reported.
        assertThat(features.vxlan()).as("vxlan: %s", features.failures()).isTrue();
        assertThat(features.iptables()).as("iptables-restore: %s", features.failures()).isTrue();
        assertThat(features.iptablesConntrack()).as("conntrack: %s", features.failures()).isTrue();
        assertThat(features.nftables()).as("nft: %s", features.failures()).isTrue();
        assertThat(features.ipip()).isEqualTo(!features.failures().containsKey("ipip"));
        assertThat(features.missingFor(PolicyProfile.HASHED, Encapsulation.VXLAN)).isEmpty();
        assertThat(LabCleanup.listNamespaces()).filteredOn(n -> !before.contains(n)).noneMatch(n -> n.endsWith("probe"));
    }

    @Test
    void shouldNameWhatAProfileMisses() {
        KernelFeatures bare = new KernelFeatures(false, false, false, false, false, java.util.Map.of());
        assertThat(bare.missingFor(PolicyProfile.LINEAR_CT, Encapsulation.IPIP))
                .containsExactly("IP-in-IP tunnels (kernel module ipip)", "iptables-restore in a network namespace",
                        "the iptables conntrack match (xt_conntrack)");
        assertThat(bare.missingFor(PolicyProfile.NONE, Encapsulation.NONE)).isEmpty();
    }
}
