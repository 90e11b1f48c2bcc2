package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;

/**
 * The paper's metrics for one sweep line of a run (scenario, CNI, protocol), computed when the run is complete.
 * A policy sweep compares per-stream throughput with the lowest policy count and fits a cost model; a pod sweep
 * compares cumulative throughput (summed over the concurrent pairs) with the expected throughput of one pair.
 * Changes are signed: negative is a loss.
 *
 * @param run                 the run
 * @param scenario            {@code policy}, {@code pod} or {@code demo} (a demo steps through policy counts)
 * @param cni                 CNI or lab profile
 * @param protocol            TCP or UDP
 * @param side                the side whose samples count: TCP sender, UDP receiver
 * @param firstTime           first sample of the line's first step, epoch ms
 * @param time                last sample of the line's last step, epoch ms (the point's timestamp)
 * @param steps               step summaries used, repetitions included
 * @param counts              the swept values in ascending order: policy counts, or pod pairs
 * @param throughputBps       mean over repetitions of the throughput at each count, bit/s
 * @param changeBps           each count's throughput minus the reference, bit/s
 * @param changePct           the same in % of the reference
 * @param repetitions         step summaries at each count
 * @param fairness            pod sweep: mean over repetitions of Jain's fairness index across the pairs at each
 *                            count, NaN where there was one pair (or for a policy sweep)
 * @param referenceCount      the count compared with: the lowest policy count, or one pod pair
 * @param referenceBps        its throughput: for a pod sweep the expected throughput
 * @param expectedFromOnePair pod sweep: whether the reference is a single pair (else the lowest pair count measured)
 * @param lastCount           the highest count
 * @param lastBps             its throughput
 * @param lastChangeBps       its change against the reference, bit/s ("-1.2 Gbit/s at 40 pods")
 * @param lastChangePct       the same in %
 * @param costModel           policy sweep: the fitted cost model; null for a pod sweep
 * @param sentence            the result in one sentence
 */
public record RunSummary(String run, Scenario scenario, String cni, Protocol protocol, Side side,
                         long firstTime, long time, int steps,
                         int[] counts, double[] throughputBps, double[] changeBps, double[] changePct,
                         int[] repetitions, double[] fairness,
                         int referenceCount, double referenceBps, boolean expectedFromOnePair,
                         int lastCount, double lastBps, double lastChangeBps, double lastChangePct,
                         CostModel costModel, String sentence) {

    /** Whether this is a pod sweep (else a policy sweep). */
    public boolean podSweep() {
        return scenario == Scenario.POD;
    }
}
