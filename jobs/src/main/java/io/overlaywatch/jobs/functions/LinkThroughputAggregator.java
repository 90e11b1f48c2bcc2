package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkAccumulator;
import io.overlaywatch.model.Sample;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds a link's samples into per-interval sums as they arrive, so a window holds one slot per second
 * instead of every sample; {@link LinkWindowFunction} turns the result into a {@code LinkWindow}.
 */
public class LinkThroughputAggregator implements AggregateFunction<Sample, LinkAccumulator, LinkAccumulator> {

    private static final long serialVersionUID = 1L;

    @Override
    public LinkAccumulator createAccumulator() {
        return new LinkAccumulator();
    }

    @Override
    public LinkAccumulator add(Sample sample, LinkAccumulator acc) {
        if (acc.srcNode == null) {
            acc.srcNode = sample.srcNode();
            acc.dstNode = sample.dstNode();
            acc.cni = sample.step().cni();
            acc.protocol = sample.step().protocol();
            acc.side = sample.side();
        }
        if (sample.time() >= acc.lastTime) {
            acc.lastTime = sample.time();
            acc.run = sample.step().run();
        }
        acc.add(sample.time(), sample.end() - sample.start(), sample.bitsPerSecond());
        acc.samples++;
        if (sample.lost() != null && sample.packets() != null) {
            acc.lost += sample.lost();
            acc.packets += sample.packets();
        }
        return acc;
    }

    @Override
    public LinkAccumulator getResult(LinkAccumulator acc) {
        return acc;
    }

    @Override
    public LinkAccumulator merge(LinkAccumulator a, LinkAccumulator b) {
        a.addAll(b);
        return a;
    }
}
