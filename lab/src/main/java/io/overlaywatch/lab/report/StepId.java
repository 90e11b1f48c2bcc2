package io.overlaywatch.lab.report;

import java.util.Map;

/**
 * Identifies one measured step of a run by its tags, so that step summaries and per-stream rows join.
 *
 * @param scenario   policy, pod, demo or live
 * @param profile    the CNI, or the lab profile (none, linear, linear-ct, hashed): the {@code cni} tag
 * @param protocol   tcp or udp
 * @param step       the step's index within the run
 * @param policies   policies in force
 * @param pods       concurrent client/server pod pairs
 * @param repetition repetition of the same settings, from 1
 */
public record StepId(String scenario, String profile, String protocol, int step, int policies, int pods,
                     int repetition) {

    /** Reads the step's tags from an InfluxQL row; tags come back as strings. */
    public static StepId of(Map<String, Object> row) {
        return new StepId(Rows.text(row, "scenario"), Rows.text(row, "cni"), Rows.text(row, "protocol"),
                Rows.integer(row, "step"), Rows.integer(row, "policies"), Rows.integer(row, "pods"),
                Rows.integer(row, "repetition"));
    }
}
