package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import org.apache.flink.api.common.functions.FilterFunction;

import java.util.Collection;
import java.util.EnumSet;

/**
 * Keeps the samples that say what a link carried: one stream's own interval (not iperf3's [SUM], not
 * warm-up) from the side that counts (the TCP sender, the UDP receiver), of the scenarios watched.
 */
public class LinkSampleFilter implements FilterFunction<Sample> {

    private static final long serialVersionUID = 1L;

    private final EnumSet<Scenario> scenarios;

    /** Keeps samples of these scenarios only (live detection watches {@code live}; sweeps change throughput on purpose). */
    public LinkSampleFilter(Collection<Scenario> scenarios) {
        this.scenarios = scenarios.isEmpty() ? EnumSet.noneOf(Scenario.class) : EnumSet.copyOf(scenarios);
    }

    /** Keeps the relevant samples of every scenario (stall detection). */
    public static LinkSampleFilter allScenarios() {
        return new LinkSampleFilter(EnumSet.allOf(Scenario.class));
    }

    @Override
    public boolean filter(Sample sample) {
        return scenarios.contains(sample.step().scenario()) && isRelevant(sample);
    }

    /** A stream's own, non-warm-up interval from the side whose throughput counts for its protocol. */
    public static boolean isRelevant(Sample sample) {
        if (sample.sum() || sample.omitted()) {
            return false;
        }
        Side counting = sample.step().protocol() == Protocol.UDP ? Side.RECEIVER : Side.SENDER;
        return sample.side() == counting;
    }
}
