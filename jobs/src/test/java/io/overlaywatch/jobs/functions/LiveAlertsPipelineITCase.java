package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.TCP_LINK;
import static io.overlaywatch.jobs.functions.LinkTestData.live;
import static io.overlaywatch.jobs.functions.LinkTestData.steady;
import static io.overlaywatch.jobs.functions.LinkTestData.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The live alerting functions wired as the job wires them, on a MiniCluster with Kryo forbidden. */
class LiveAlertsPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @Test
    void shouldAlertOnADropAStallUdpLossAndAProbeErrorAndResolveThem() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int s = 0; s < 40 * 60; s++) {
            int minute = s / 60;
            double gbps = minute >= 25 && minute < 30 ? 12 : steady(minute);
            // A stall of five seconds in the second minute, while the baseline is still warming up.
            samples.add(tcp("s1", s, s >= 100 && s < 105 ? 0 : gbps * 1e9));
        }
        for (int s = 0; s < 10 * 60; s++) {
            long lost = s < 5 * 60 ? 1000 : 0; // 10% loss for five minutes
            samples.add(new Sample(WireRecord.VERSION, T0 + (s + 1) * 1000L, live(Protocol.UDP), Side.RECEIVER,
                    "client-2", "server-2", "node-a", "node-c", "u1", false, s, s + 1.0, false, 112_500_000,
                    9e8, null, null, null, 0.01, lost, 10_000L, null, null));
        }
        // In event-time order, as one source's partitions would interleave them: a link read after the
        // other link's 40 minutes would be late for every window.
        samples.sort(java.util.Comparator.comparingLong(Sample::time));
        ProbeError error = new ProbeError(WireRecord.VERSION, T0 + 5000, live(Protocol.TCP), "client-3", "server-3",
                "iperf3: error - the server is busy running a test. try again later", 1);

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every record and state type must be a POJO
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // One subtask per operator keeps each stream's samples in order, as its Kafka partition does for the job:
        // a collection split over two source subtasks would interleave them, and the stall detector rightly
        // ignores an interval older than one it has seen.
        env.setParallelism(1);

        DataStream<Sample> raw = env.fromData(samples)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Sample>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                        .withTimestampAssigner((s, t) -> s.time()));
        DataStream<LinkWindow> windows = raw
                .filter(new LinkSampleFilter(EnumSet.of(Scenario.LIVE))).name("live link samples").uid("live-link-samples")
                .keyBy(LinkWindow::keyOf)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .aggregate(new LinkThroughputAggregator(), new LinkWindowFunction())
                .name("link throughput windows").uid("link-windows");
        DataStream<Alert> changes = windows.keyBy(LinkWindow::key)
                // A 20-window baseline keeps the test short; the defaults need an hour of windows first.
                .process(new LinkChangeDetector(new CusumDetector.Settings(20, 1.0, 3.5, 10, 2, 1), 5,
                        Duration.ofHours(1)))
                .name("link change alerts").uid("link-change");
        DataStream<Alert> losses = windows.keyBy(LinkWindow::key)
                .process(new LossDetector(5.0, 2, Duration.ofHours(1)))
                .name("udp loss alerts").uid("link-loss");
        DataStream<Alert> stalls = raw.filter(LinkSampleFilter.allScenarios()).name("relevant samples").uid("stall-samples")
                .keyBy(StreamKey::of)
                .process(new StallDetector(3, Duration.ofSeconds(30)))
                .name("stall alerts").uid("stalls");
        DataStream<Alert> errors = env.fromData(error).map(new ProbeErrorAlerts()).name("probe error alerts")
                .uid("probe-error-alerts");

        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<Alert> it = changes.union(losses, stalls, errors).executeAndCollect()) {
            it.forEachRemaining(alerts::add);
        }

        assertThat(alerts).allSatisfy(a -> assertThat(a.problems()).isEmpty());
        assertThat(alerts).extracting(Alert::type, Alert::status, Alert::key).containsExactlyInAnyOrder(
                tuple(Alert.Type.CHANGE, Alert.Status.FIRING, TCP_LINK),
                tuple(Alert.Type.CHANGE, Alert.Status.RESOLVED, TCP_LINK),
                tuple(Alert.Type.STALL, Alert.Status.FIRING, "stream live/client-1->server-1/s1"),
                tuple(Alert.Type.STALL, Alert.Status.RESOLVED, "stream live/client-1->server-1/s1"),
                tuple(Alert.Type.LOSS, Alert.Status.FIRING, "link node-a>node-c/calico/udp"),
                tuple(Alert.Type.LOSS, Alert.Status.RESOLVED, "link node-a>node-c/calico/udp"),
                tuple(Alert.Type.PROBE_ERROR, Alert.Status.FIRING, "live/client-3->server-3"));
        assertThat(alerts).filteredOn(a -> a.type() == Alert.Type.CHANGE && a.status() == Alert.Status.FIRING)
                .singleElement().satisfies(a -> {
                    // The drop starts with minute 25 and is alerted at the end of its second window.
                    assertThat(a.time()).isEqualTo(T0 + 27 * 60_000L);
                    assertThat(a.changePct()).isBetween(-52.0, -48.0);
                });
    }
}
