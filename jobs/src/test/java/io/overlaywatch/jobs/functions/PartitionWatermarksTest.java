package io.overlaywatch.jobs.functions;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionWatermarksTest {

    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(1);
    private static final Duration IDLENESS = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock();
    private final WatermarkGeneratorSupplier.Context context = new WatermarkGeneratorSupplier.Context() {
        @Override
        public MetricGroup getMetricGroup() {
            return new UnregisteredMetricsGroup();
        }

        @Override
        public RelativeClock getInputActivityClock() {
            return clock;
        }
    };

    /** What a generator tells its output: watermarks as numbers, idleness as "idle". */
    private static final class Recorded implements WatermarkOutput {
        final List<String> said = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            said.add(Long.toString(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            said.add("idle");
        }

        @Override
        public void markActive() {
            said.add("active");
        }
    }

    /** Periodic emissions for {@code seconds} seconds, one every 200 ms as Flink's default. */
    private Recorded quiet(WatermarkGenerator<Long> generator, int seconds) {
        Recorded out = new Recorded();
        for (int tick = 0; tick < seconds * 5; tick++) {
            clock.advanceTime(Duration.ofMillis(200));
            generator.onPeriodicEmit(out);
        }
        return out;
    }

    @Test
    void shouldNeitherEmitNorIdleForTheMainOutputTheFirstGeneratorOfATask() {
        WatermarkGenerator<Long> main = new PartitionWatermarks<Long>(OUT_OF_ORDERNESS, IDLENESS)
                .createWatermarkGenerator(context);

        assertThat(quiet(main, 30).said).isEmpty();
    }

    @Test
    void shouldGiveEachPartitionBoundedOutOfOrdernessAndIdlenessAfterTheTimeout() {
        PartitionWatermarks<Long> strategy = new PartitionWatermarks<>(OUT_OF_ORDERNESS, IDLENESS);
        strategy.createWatermarkGenerator(context);
        WatermarkGenerator<Long> partition = strategy.createWatermarkGenerator(context);
        Recorded out = new Recorded();

        partition.onEvent(5_000L, 5_000L, out);
        partition.onPeriodicEmit(out);
        assertThat(out.said).containsExactly("3999");

        List<String> afterwards = quiet(partition, 12).said;
        assertThat(afterwards).contains("idle");
        assertThat(afterwards.subList(0, afterwards.indexOf("idle"))).containsOnly("3999");
        // Idle no earlier than the timeout after the last record (the first quiet emission starts the countdown).
        assertThat(afterwards.indexOf("idle")).isGreaterThanOrEqualTo((int) (IDLENESS.toMillis() / 200));
    }

    @Test
    void shouldStartOverInEachTasksCopyOfTheStrategy() throws Exception {
        PartitionWatermarks<Long> shipped = new PartitionWatermarks<>(OUT_OF_ORDERNESS, IDLENESS);
        shipped.createWatermarkGenerator(context);
        shipped.createWatermarkGenerator(context);

        // Flink ships the strategy serialised and each source task deserialises its own copy.
        PartitionWatermarks<Long> taskCopy = InstantiationUtil.clone(shipped);

        assertThat(quiet(taskCopy.createWatermarkGenerator(context), 30).said).isEmpty();
        assertThat(quiet(taskCopy.createWatermarkGenerator(context), 30).said).contains("idle");
    }
}
