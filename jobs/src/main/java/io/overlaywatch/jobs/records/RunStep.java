package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;

/**
 * What a run summary needs of one step summary, kept in state until the run is complete: small, and
 * independent of the step summary's other fields.
 *
 * @param scenario          which sweep
 * @param cni               CNI or lab profile
 * @param protocol          TCP or UDP
 * @param side              the side summarised (the relevant one for the protocol)
 * @param index             position of the step in the run
 * @param policies          policies in force
 * @param pods              concurrent pod pairs
 * @param repetition        repetition of the step
 * @param firstTime         time of the step's first sample, epoch ms
 * @param time              time of the step's last sample, epoch ms
 * @param meanBps           mean per-stream throughput
 * @param cumulativeMeanBps mean throughput summed over the step's concurrent streams
 * @param intervals         intervals in which every stream reported (0: no cumulative throughput)
 * @param pairFairness      Jain's fairness index across the step's pairs, NaN with one pair
 */
public record RunStep(Scenario scenario, String cni, Protocol protocol, Side side, int index, int policies,
                      int pods, int repetition, long firstTime, long time, double meanBps,
                      double cumulativeMeanBps, int intervals, double pairFairness) {

    public static RunStep of(StepSummary s) {
        return new RunStep(s.step().scenario(), s.step().cni(), s.step().protocol(), s.side(), s.step().index(),
                s.step().policies(), s.step().pods(), s.step().repetition(), s.firstTime(), s.time(), s.meanBps(),
                s.cumulativeMeanBps(), s.intervals(), s.pairFairness());
    }
}
