package io.overlaywatch.lab.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading counters files as a namespace sees them. */
class NamespaceFilesITCase {

    @BeforeAll
    static void needsRoot() {
        NetProbes.assumeLabCanRun();
    }

    @Test
    void shouldReadTheNamespacesOwnNetworkCounters() {
        try (LabTopology lab = LabTopology.create(TopologySpec.of(1, Encapsulation.NONE))) {
            assertThat(NamespaceFiles.read(lab.nodeB(), "/proc/net/dev"))
                    .contains(lab.underlayInterface() + ":", lab.serverVeth(0) + ":")
                    .doesNotContain(lab.clientVeth(0));
            assertThat(lab.read(lab.serverNamespace(0), "/proc/net/dev")).contains("eth0:");
            assertThat(lab.read(lab.serverNamespace(0), "/proc/net/snmp")).contains("Tcp: RtoAlgorithm", "Udp: InDatagrams");
            assertThatThrownBy(() -> NamespaceFiles.read(lab.nodeA(), "/proc/net/no-such-file"))
                    .isInstanceOf(CommandException.class)
                    .hasMessageContaining("cat /proc/net/no-such-file").hasMessageContaining("No such file");
        }
    }
}
