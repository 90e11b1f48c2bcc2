package io.overlaywatch.agents.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningPortsTest {

    // Port 5201 (0x1451) listening on IPv6, 5202 only as a connection's local port, 22 listening.
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1451 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
               1: 00000000000000000000000001000000:1452 00000000000000000000000001000000:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
               2: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
            """;

    @Test
    void shouldFindAListeningPortInATableReadFromAnotherNamespace() {
        assertThat(ListeningPorts.listensIn(TCP6, 5201)).isTrue();
        assertThat(ListeningPorts.listensIn(TCP6, 22)).isTrue();
    }

    @Test
    void shouldNotTakeAnEstablishedConnectionOrAnotherPortForAListener() {
        assertThat(ListeningPorts.listensIn(TCP6, 5202)).isFalse();
        assertThat(ListeningPorts.listensIn(TCP6, 1451)).isFalse();
        assertThat(ListeningPorts.listensIn("", 5201)).isFalse();
    }
}
