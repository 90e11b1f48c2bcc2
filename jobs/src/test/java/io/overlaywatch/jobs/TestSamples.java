package io.overlaywatch.jobs;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;

/** Builds valid samples and markers for tests: a step starting at {@link #T0}, one interval per second. */
public final class TestSamples {

    /** 2026-11-26T10:00:00Z. */
    public static final long T0 = 1_795_687_200_000L;

    private TestSamples() {
    }

    public static StepKey step(String run, Protocol protocol, int index, int policies, int pods) {
        return new StepKey(run, Scenario.POLICY, "linear", protocol, index, policies, pods, 1);
    }

    /** Interval {@code second} (0-based) of {@code stream}, ending at T0 + (second+1) s plus {@code offsetMs}. */
    public static Sample sample(StepKey step, Side side, String stream, int second, double bps, long offsetMs) {
        return new Sample(WireRecord.VERSION, T0 + (second + 1) * 1000L + offsetMs, step, side,
                "client-1", "server-1", "node-a", "node-b", stream, false, second, second + 1.0, false,
                (long) (bps / 8), bps, side == Side.SENDER && step.protocol() == Protocol.TCP ? 3L : null,
                null, null, null, null, null, "cubic", null);
    }

    public static StepMarker end(StepKey step, long time) {
        return new StepMarker(WireRecord.VERSION, time, step, StepMarker.Phase.END, 3);
    }
}
