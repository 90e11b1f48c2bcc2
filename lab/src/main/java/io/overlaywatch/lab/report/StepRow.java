package io.overlaywatch.lab.report;

import java.util.Map;

/**
 * One {@code step_summary} row: a step seen from one side.
 *
 * @param id                the step
 * @param side              sender or receiver
 * @param meanBps           mean per-stream throughput, bit/s
 * @param cumulativeMeanBps mean throughput summed over the step's concurrent streams, bit/s
 */
public record StepRow(StepId id, String side, double meanBps, double cumulativeMeanBps) {

    /** Reads a row of {@code SELECT * FROM step_summary}. */
    public static StepRow of(Map<String, Object> row) {
        return new StepRow(StepId.of(row), Rows.text(row, "side"), Rows.number(row, "mean_bps"),
                Rows.number(row, "cumulative_mean_bps"));
    }
}
