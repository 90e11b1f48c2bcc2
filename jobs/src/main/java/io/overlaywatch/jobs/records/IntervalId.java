package io.overlaywatch.jobs.records;

import io.overlaywatch.model.StepKey;

/**
 * Which interval of a stream a sample reports: its step and its start in milliseconds (iperf3's JSON starts drift by
 * microseconds; a re-sent copy carries the same value). Within one stream of a run, two samples with the same id
 * are copies of one another.
 */
public record IntervalId(StepKey step, long startMillis) {
}
