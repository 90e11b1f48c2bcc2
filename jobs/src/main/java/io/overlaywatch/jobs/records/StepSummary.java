package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Statistics of one step as seen from one side.
 *
 * @param step              the step
 * @param side              whose samples: the sender's for TCP, the receiver's for what UDP delivered
 * @param time              time of the step's last sample, epoch ms (the point's timestamp)
 * @param firstTime         time of the step's first sample, epoch ms
 * @param streams           distinct streams seen
 * @param samples           per-stream samples counted (iperf3's [SUM] and omitted intervals excluded)
 * @param meanBps           mean per-stream throughput
 * @param minBps            lowest per-stream throughput
 * @param maxBps            highest per-stream throughput
 * @param stddevBps         sample standard deviation of per-stream throughput (0 with one sample)
 * @param intervals         intervals in which every stream of the step reported
 * @param cumulativeMeanBps mean over those intervals of the throughput summed over the step's streams
 * @param closedByMarker    whether the sweep driver's end marker closed the step (else the inactivity gap)
 */
public record StepSummary(StepKey step, Side side, long time, long firstTime, int streams, long samples,
                          double meanBps, double minBps, double maxBps, double stddevBps,
                          int intervals, double cumulativeMeanBps, boolean closedByMarker) {
}
