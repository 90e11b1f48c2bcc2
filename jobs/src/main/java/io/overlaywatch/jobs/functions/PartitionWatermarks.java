package io.overlaywatch.jobs.functions;

import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.NoWatermarksGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;

import java.time.Duration;

/**
 * Event time of the Kafka source, partition by partition: bounded out-of-orderness, and idle after a quiet spell.
 *
 * <p>Not {@code forBoundedOutOfOrderness(..).withIdleness(..)}, because of how Flink's source task uses it. The task
 * makes one generator for its main output, which the Kafka source never writes to, then one per partition, and
 * announces itself idle downstream once the main output and the partitions' combined output are both idle. The
 * combined output counts as idle until its first watermark, and a partition without records (an empty counters
 * topic) holds that watermark back for the whole idle timeout, while the main output's generator, without records
 * too, times out a moment sooner. A task reading a backlog was thus announced idle, and active again a fraction of
 * a second later; when the task ahead in event time came back first, the next operator set the other one aside as
 * unaligned and took its watermark from the first alone, so the other's records up to the gap between them were
 * late (up to a third of a 5-million backlog in {@code bench pipeline}). Here the main output's generator, the
 * first a task asks for, neither emits nor idles: a task is idle only when all of its partitions are.
 *
 * @param <T> what the source reads
 */
public final class PartitionWatermarks<T> implements WatermarkStrategy<T> {

    private final Duration outOfOrderness;
    private final Duration idleness;
    /** Each source task deserialises its own copy of the strategy, so this is per task and starts false. */
    private transient boolean mainOutputMade;

    public PartitionWatermarks(Duration outOfOrderness, Duration idleness) {
        this.outOfOrderness = outOfOrderness;
        this.idleness = idleness;
    }

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        if (!mainOutputMade) {
            mainOutputMade = true;
            return new NoWatermarksGenerator<>();
        }
        return new WatermarksWithIdleness<>(new BoundedOutOfOrdernessWatermarks<>(outOfOrderness), idleness,
                context.getInputActivityClock());
    }
}
