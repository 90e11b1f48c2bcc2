package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import org.junit.jupiter.api.Test;

import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code late_sample} point: the sample as it came, under its own measurement, with the stage that missed it. */
class LateSampleLineTest {

    @Test
    void shouldKeepEveryTagAndFieldOfTheSampleAndNameTheStage() {
        Sample s = sample(step("r1", Protocol.TCP, 3, 100, 2), Side.SENDER, "a", 4, 7e9, 0);

        String raw = InfluxLines.sample(s);
        String late = InfluxLines.late(s, "link");

        assertThat(raw).startsWith("iperf_interval,");
        assertThat(late).startsWith("late_sample,").contains(",stage=link");
        // Tags are written sorted, so removing the one added tag gives back the raw point under another name.
        assertThat(late.replace(",stage=link", "")).isEqualTo(raw.replaceFirst("^iperf_interval", "late_sample"));
    }
}
