package io.overlaywatch.agents.live;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Puts the counts observed at each record's own time into its step: the namespace's NetworkPolicies as
 * {@code policies} and the ready client pods as {@code pods}, so a sample of a test during which policies were
 * added carries the count in force in its interval. Other records pass unchanged.
 */
public final class ObservedCountsSink implements RecordSink {

    private final RecordSink delegate;
    private final LongFunction<ClusterView> countsAt;

    /**
     * @param countsAt the counts in force at an epoch millisecond, e.g. {@code ClusterViewListener::at}
     */
    public ObservedCountsSink(RecordSink delegate, LongFunction<ClusterView> countsAt) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.countsAt = Objects.requireNonNull(countsAt, "countsAt");
    }

    @Override
    public void send(WireRecord record) {
        if (record instanceof Sample s) {
            StepKey step = counted(s.step(), s.time());
            delegate.send(new Sample(s.v(), s.time(), step, s.side(), s.clientPod(), s.serverPod(), s.srcNode(),
                    s.dstNode(), s.stream(), s.sum(), s.start(), s.end(), s.omitted(), s.bytes(), s.bitsPerSecond(),
                    s.retransmits(), s.cwndBytes(), s.rttMicros(), s.jitterMs(), s.lost(), s.packets(),
                    s.congestion(), s.affinity()));
        } else if (record instanceof ProbeError e) {
            delegate.send(new ProbeError(e.v(), e.time(), counted(e.step(), e.time()), e.clientPod(), e.serverPod(),
                    e.reason(), e.exitCode()));
        } else {
            delegate.send(record);
        }
    }

    private StepKey counted(StepKey step, long time) {
        ClusterView counts = countsAt.apply(time);
        if (counts == null) {
            return step;
        }
        // A probing client is one of the pairs even before its own readiness shows in the API.
        int pods = Math.max(1, counts.readyClients());
        return new StepKey(step.run(), step.scenario(), step.cni(), step.protocol(), step.index(),
                counts.policies(), pods, step.repetition());
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    /** Closes nothing: the delegate belongs to whoever made it. */
    @Override
    public void close() {
    }
}
