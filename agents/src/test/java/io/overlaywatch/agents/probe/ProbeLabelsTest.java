package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeLabelsTest {

    private static final StepKey STEP = new StepKey("r1", Scenario.POLICY, "linear", Protocol.TCP, 3, 1000, 2, 1);
    private static final ProbeLabels LABELS =
            new ProbeLabels(STEP, "client-0", "server-0", "node-a", "node-b", "cubic", "0,1");

    @Test
    void shouldCopyEveryIntervalFieldAndLabelIntoTheSample() {
        Iperf3Interval interval = new Iperf3Interval(1, 1_700_000_001_000L, Protocol.TCP, Side.SENDER,
                "10.1.1.2:54524-10.1.2.2:5201", false, 0.0, 1.0, false, 951_000_000L, 7.98e9,
                394L, 342_016L, 45L, null, null, null);

        Sample sample = LABELS.toSample(interval);

        assertThat(sample).isEqualTo(new Sample(WireRecord.VERSION, 1_700_000_001_000L, STEP, Side.SENDER,
                "client-0", "server-0", "node-a", "node-b", "10.1.1.2:54524-10.1.2.2:5201", false,
                0.0, 1.0, false, 951_000_000L, 7.98e9, 394L, 342_016L, 45L, null, null, null, "cubic", "0,1"));
        assertThat(sample.problems()).isEmpty();
    }

    @Test
    void shouldLabelTheSampleWithTheProtocolIperf3ActuallyRan() {
        Iperf3Interval udp = new Iperf3Interval(1, 1_700_000_001_000L, Protocol.UDP, Side.RECEIVER,
                "SUM", true, 1.0, 2.0, false, 1000L, 8000.0, null, null, null, 0.05, 3L, 100L);

        Sample sample = LABELS.toSample(udp);

        assertThat(sample.step().protocol()).isEqualTo(Protocol.UDP);
        assertThat(sample.step()).usingRecursiveComparison().ignoringFields("protocol").isEqualTo(STEP);
        assertThat(sample.sum()).isTrue();
        assertThat(sample.jitterMs()).isEqualTo(0.05);
    }

    @Test
    void shouldMakeAValidProbeErrorWithTheExitCode() {
        ProbeError error = LABELS.toError(1_700_000_000_000L, "iperf3: error - unable to connect", 1);

        assertThat(error.problems()).isEmpty();
        assertThat(error.step()).isEqualTo(STEP);
        assertThat(error.exitCode()).isEqualTo(1);
        assertThat(error.reason()).isEqualTo("iperf3: error - unable to connect");
    }
}
