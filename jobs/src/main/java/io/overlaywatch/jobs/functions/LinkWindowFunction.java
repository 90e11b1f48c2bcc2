package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkAccumulator;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.jobs.serialization.JobTypes;
import io.overlaywatch.model.Sample;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Names a link's pre-aggregated window with its key and bounds; it sees one accumulator, never the samples. */
public class LinkWindowFunction extends ProcessWindowFunction<LinkAccumulator, LinkWindow, String, TimeWindow> {

    /** Live samples whose window had closed when they came: stored as late, never dropped. */
    public static final OutputTag<Sample> LATE = new OutputTag<>("late-link-samples", JobTypes.SAMPLE);

    private static final long serialVersionUID = 1L;

    @Override
    public void process(String key, Context ctx, Iterable<LinkAccumulator> aggregated, Collector<LinkWindow> out) {
        TimeWindow window = ctx.window();
        for (LinkAccumulator acc : aggregated) {
            if (acc.size == 0) {
                continue;
            }
            out.collect(new LinkWindow(key, acc.run, acc.srcNode, acc.dstNode, acc.cni, acc.protocol, acc.side,
                    window.getStart(), window.getEnd(), acc.meanBps(), acc.size, acc.samples, acc.maxStreams(),
                    acc.lost, acc.packets));
        }
    }
}
