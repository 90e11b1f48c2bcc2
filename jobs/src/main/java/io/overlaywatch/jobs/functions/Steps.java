package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/** Keys and filters the analysis functions share, so that the job keys its streams the way the functions expect. */
public final class Steps {

    private Steps() {
    }

    /** The side whose samples say what the network delivered: the TCP sender's, the UDP receiver's. */
    public static Side relevantSide(Protocol protocol) {
        return protocol == Protocol.UDP ? Side.RECEIVER : Side.SENDER;
    }

    /** Whether a summary is of the side that counts for its protocol. */
    public static boolean relevant(StepSummary summary) {
        return summary.side() == relevantSide(summary.step().protocol());
    }

    /** Whether the summary belongs to a sweep (policy, pod, demo) rather than to continuous live probing. */
    public static boolean swept(StepSummary summary) {
        return summary.step().scenario() != Scenario.LIVE;
    }

    /** The run a summary belongs to: the key of the per-run functions. */
    public static String run(StepSummary summary) {
        return summary.step().run();
    }

    /**
     * The step without its run, index and repetition, e.g. {@code policy/linear/tcp/policies=10000/pods=1}:
     * the key that compares a step across runs, and the key of its alerts.
     */
    public static String stepKey(StepKey step) {
        return sweepKey(step.scenario(), step.cni(), step.protocol())
                + "/policies=" + step.policies() + "/pods=" + step.pods();
    }

    /** One sweep line of a run, e.g. {@code policy/linear/tcp}: the key of degradation alerts. */
    public static String sweepKey(Scenario scenario, String cni, Protocol protocol) {
        return scenario.wireName() + "/" + cni + "/" + protocol.wireName();
    }
}
