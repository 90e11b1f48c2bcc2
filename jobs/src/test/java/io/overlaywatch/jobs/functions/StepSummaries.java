package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;

/**
 * Builds step summaries for the analysis tests. The only place that calls {@link StepSummary}'s constructor,
 * so that a summary gaining fields changes this class alone.
 */
final class StepSummaries {

    /** 2026-11-26T10:00:00Z. */
    static final long T0 = 1_795_687_200_000L;

    private StepSummaries() {
    }

    static StepKey step(String run, Scenario scenario, String cni, Protocol protocol, int index, int policies,
                        int pods, int repetition) {
        return new StepKey(run, scenario, cni, protocol, index, policies, pods, repetition);
    }

    /**
     * A summary of the relevant side (TCP sender, UDP receiver) from {@code firstTime} to {@code time} with
     * {@code samples} per-stream samples of this mean and standard deviation; every interval complete, so the
     * cumulative mean is the per-stream mean times the pods.
     */
    static StepSummary summary(StepKey step, long firstTime, long time, long samples, double meanBps,
                               double stddevBps) {
        Side side = Steps.relevantSide(step.protocol());
        int streams = step.pods();
        int intervals = (int) Math.max(1, samples / streams);
        return new StepSummary(step, side, time, firstTime, streams, samples, meanBps,
                meanBps - 2 * stddevBps, meanBps + 2 * stddevBps, stddevBps, intervals, meanBps * streams, true);
    }

    /** The same summary as seen from the other side. */
    static StepSummary otherSide(StepSummary s) {
        Side other = s.side() == Side.SENDER ? Side.RECEIVER : Side.SENDER;
        return new StepSummary(s.step(), other, s.time(), s.firstTime(), s.streams(), s.samples(), s.meanBps(),
                s.minBps(), s.maxBps(), s.stddevBps(), s.intervals(), s.cumulativeMeanBps(), s.closedByMarker());
    }

    /** A pod-sweep summary whose throughput summed over its pairs is {@code cumulativeBps}, shared with that fairness. */
    static StepSummary pods(StepKey step, long firstTime, long time, double cumulativeBps, double fairness) {
        Side side = Steps.relevantSide(step.protocol());
        double perStream = cumulativeBps / step.pods();
        return new StepSummary(step, side, time, firstTime, step.pods(), 9L * step.pods(), perStream,
                perStream * 0.9, perStream * 1.1, perStream * 0.05, perStream, perStream * 0.9, perStream * 1.1,
                perStream * 0.04, 9, cumulativeBps, cumulativeBps, cumulativeBps * 0.9, cumulativeBps * 1.1,
                cumulativeBps * 0.05, cumulativeBps * 0.04, null, null, null, fairness, true, true);
    }
}
