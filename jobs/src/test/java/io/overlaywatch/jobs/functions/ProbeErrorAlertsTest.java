package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.Alert;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;

import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.live;
import static org.assertj.core.api.Assertions.assertThat;

class ProbeErrorAlertsTest {

    @Test
    void shouldTurnAProbeErrorIntoAnAlertWithIperfsOwnWords() {
        String words = "iperf3: error - unable to connect to server: Connection refused";
        Alert a = new ProbeErrorAlerts().map(new ProbeError(WireRecord.VERSION, T0, live(Protocol.TCP), "client-1",
                "server-1", words, 1));

        assertThat(a.type()).isEqualTo(Alert.Type.PROBE_ERROR);
        assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
        assertThat(a.key()).isEqualTo("live/client-1->server-1");
        assertThat(a.run()).isEqualTo("live");
        assertThat(a.time()).isEqualTo(T0);
        assertThat(a.reason()).isEqualTo(words);
        assertThat(a.observed()).isEqualTo(1);
        assertThat(a.problems()).isEmpty();
    }

    @Test
    void shouldSayMinusOneWhenIperfDidNotExitByItself() {
        Alert a = new ProbeErrorAlerts().map(new ProbeError(WireRecord.VERSION, T0, live(Protocol.UDP), "c", "s",
                "killed after 15 s without output (stalled)", null));

        assertThat(a.observed()).isEqualTo(-1);
        assertThat(a.problems()).isEmpty();
    }
}
