package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code step_summary} point written for a step's statistics. */
class StepSummaryLineTest {

    private final StepKey tcp = step("r1", Protocol.TCP, 0, 100, 2);
    private final StepKey udp = step("r1", Protocol.UDP, 1, 100, 1);

    @Test
    void shouldWriteQuantilesIntervalsAndRetransmitsOfATcpStepButNoLoss() {
        String line = InfluxLines.summary(new StepSummary(tcp, Side.SENDER, T0 + 3000, T0, 2, 6,
                12e9, 2e9, 30e9, 10.9e9, 8e9, 2.5e9, 27.5e9, 11.4e9, 3, 24e9, 24e9, 13.2e9, 34.8e9, 12e9, 29.8e9,
                18L, null, null, Double.NaN, true, true));

        assertThat(line).startsWith("step_summary,").endsWith(" " + (T0 + 3000));
        assertThat(fields(line))
                .containsEntry("median_bps", "8000000000.0")
                .containsEntry("p5_bps", "2500000000.0")
                .containsEntry("p95_bps", "27500000000.0")
                .containsEntry("ci95_bps", "11400000000.0")
                .containsEntry("cumulative_median_bps", "24000000000.0")
                .containsEntry("cumulative_p5_bps", "13200000000.0")
                .containsEntry("cumulative_p95_bps", "34800000000.0")
                .containsEntry("cumulative_stddev_bps", "12000000000.0")
                .containsEntry("cumulative_ci95_bps", "29800000000.0")
                .containsEntry("retransmits", "18i")
                .containsEntry("quantiles_exact", "true")
                .doesNotContainKeys("loss_pct", "jitter_ms", "pair_fairness");
    }

    @Test
    void shouldWriteLossAndJitterOfAUdpStepButNoRetransmits() {
        String line = InfluxLines.summary(new StepSummary(udp, Side.RECEIVER, T0 + 3000, T0, 1, 3,
                5e8, 4e8, 6e8, 1e8, 5e8, 4.1e8, 5.9e8, 2.5e8, 3, 5e8, 5e8, 4.1e8, 5.9e8, 1e8, 2.5e8,
                null, 1.0, 0.3, 0.98, false, true));

        assertThat(fields(line)).containsEntry("loss_pct", "1.0").containsEntry("jitter_ms", "0.3")
                .containsEntry("pair_fairness", "0.98")
                .containsEntry("quantiles_exact", "false").doesNotContainKey("retransmits");
    }

    @Test
    void shouldLeaveOutWhatASummaryWithoutQuantilesDoesNotKnowInsteadOfWritingNaN() {
        String line = InfluxLines.summary(new StepSummary(tcp, Side.SENDER, T0 + 3000, T0, 2, 6,
                12e9, 2e9, 30e9, 10.9e9, 3, 24e9, true));

        assertThat(line).doesNotContain("NaN");
        assertThat(fields(line)).containsEntry("mean_bps", "12000000000.0")
                .containsEntry("cumulative_mean_bps", "24000000000.0")
                .doesNotContainKeys("median_bps", "ci95_bps", "cumulative_ci95_bps", "quantiles_exact", "retransmits");
    }

    /** The field set of a line whose tags and fields hold no escaped spaces or commas. */
    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.split(" ")[1].split(",")) {
            String[] kv = pair.split("=", 2);
            fields.put(kv[0], kv[1]);
        }
        return fields;
    }
}
