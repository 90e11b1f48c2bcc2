package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

import java.util.Objects;

/**
 * What a probe's records are labelled with: the step, both ends and how iperf3 was tuned.
 *
 * @param step       the step being measured; its protocol is replaced by what iperf3 actually ran
 * @param clientPod  the iperf3 client (pod, or lab namespace)
 * @param serverPod  the iperf3 server
 * @param srcNode    node of the client
 * @param dstNode    node of the server
 * @param congestion TCP congestion control passed as {@code iperf3 -C}, null for the host default
 * @param affinity   CPU pinning passed as {@code iperf3 -A}, null when unpinned
 */
public record ProbeLabels(StepKey step, String clientPod, String serverPod, String srcNode, String dstNode,
                          String congestion, String affinity) {

    public ProbeLabels {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(clientPod, "clientPod");
        Objects.requireNonNull(serverPod, "serverPod");
        Objects.requireNonNull(srcNode, "srcNode");
        Objects.requireNonNull(dstNode, "dstNode");
    }

    /** The same labels for another step. */
    public ProbeLabels withStep(StepKey newStep) {
        return new ProbeLabels(newStep, clientPod, serverPod, srcNode, dstNode, congestion, affinity);
    }

    /** The same labels with the step's protocol set, e.g. to what a client was asked to run. */
    public ProbeLabels withProtocol(Protocol protocol) {
        return withStep(stepWith(protocol));
    }

    /** One interval as a sample; the step's protocol is the interval's, which is what iperf3 actually ran. */
    public Sample toSample(Iperf3Interval interval) {
        return new Sample(WireRecord.VERSION, interval.time(), stepWith(interval.protocol()), interval.side(),
                clientPod, serverPod, srcNode, dstNode,
                interval.stream(), interval.sum(), interval.start(), interval.end(), interval.omitted(),
                interval.bytes(), interval.bitsPerSecond(),
                interval.retransmits(), interval.cwndBytes(), interval.rttMicros(),
                interval.jitterMs(), interval.lost(), interval.packets(),
                congestion, affinity);
    }

    /** A failed probe: one line with iperf3's words, and its exit code when it exited by itself. */
    public ProbeError toError(long time, String reason, Integer exitCode) {
        return new ProbeError(WireRecord.VERSION, time, step, clientPod, serverPod, reason, exitCode);
    }

    private StepKey stepWith(Protocol protocol) {
        if (protocol == null || protocol == step.protocol()) {
            return step;
        }
        return new StepKey(step.run(), step.scenario(), step.cni(), protocol,
                step.index(), step.policies(), step.pods(), step.repetition());
    }
}
