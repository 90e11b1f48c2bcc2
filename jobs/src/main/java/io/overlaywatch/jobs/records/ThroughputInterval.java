package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Throughput of one interval summed over the concurrent streams of a step.
 *
 * @param step          the step
 * @param side          whose samples
 * @param index         interval number within the test, from 0 (iperf3's start second, rounded)
 * @param time          latest end time among the interval's samples, epoch ms
 * @param bitsPerSecond sum over the streams that reported the interval
 * @param streams       how many streams reported it
 */
public record ThroughputInterval(StepKey step, Side side, int index, long time, double bitsPerSecond,
                                 int streams) {
}
