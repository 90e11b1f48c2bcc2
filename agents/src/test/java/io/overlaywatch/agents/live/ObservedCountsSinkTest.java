package io.overlaywatch.agents.live;

import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedCountsSinkTest {

    private static final ProbeLabels LABELS = new ProbeLabels(
            new StepKey("live-1", Scenario.LIVE, "calico-v3.27.0", Protocol.TCP, 4, 0, 1, 1),
            "client-0", "server-0", "worker-1", "worker-2", "cubic", null);

    /** Counts changed at 1,000 (3 policies, 2 clients) and at 2,000 (10 policies, 0 ready clients). */
    private static final TreeMap<Long, ClusterView> TIMELINE = new TreeMap<>(Map.of(
            1_000L, new ClusterView(WireRecord.VERSION, 1_000, "bench", "calico-v3.27.0", 3, 2, List.of()),
            2_000L, new ClusterView(WireRecord.VERSION, 2_000, "bench", "calico-v3.27.0", 10, 0, List.of())));

    private final CollectingSink out = new CollectingSink();
    private final ObservedCountsSink sink = new ObservedCountsSink(out, t -> {
        Map.Entry<Long, ClusterView> e = TIMELINE.floorEntry(t);
        return e == null ? null : e.getValue();
    });

    @Test
    void shouldPutTheCountsOfEachSamplesOwnTimeIntoItsStep() {
        sink.send(sample(1_500));
        sink.send(sample(2_000));

        assertThat(out.samples()).extracting(s -> s.step().policies()).containsExactly(3, 10);
        assertThat(out.samples().get(0).step().pods()).isEqualTo(2);
        assertThat(out.samples().get(1).step().pods()).as("the probing client is one pair").isEqualTo(1);
        Sample tagged = out.samples().get(0);
        Sample original = sample(1_500);
        assertThat(tagged).usingRecursiveComparison().ignoringFields("step").isEqualTo(original);
        assertThat(tagged.step()).usingRecursiveComparison().ignoringFields("policies", "pods")
                .isEqualTo(original.step());
        assertThat(tagged.problems()).isEmpty();
    }

    @Test
    void shouldCountProbeErrorsAndPassOtherRecords() {
        ProbeError error = LABELS.toError(1_200, "iperf3: error - unable to connect to server", 1);
        Counter counter = new Counter(WireRecord.VERSION, 1_200, "live-1", "worker-1", "netdev", "rx_bytes",
                Map.of("interface", "eth0"), 42);
        sink.send(error);
        sink.send(counter);

        assertThat(out.errors()).singleElement().satisfies(e -> {
            assertThat(e.step().policies()).isEqualTo(3);
            assertThat(e.reason()).isEqualTo(error.reason());
        });
        assertThat(out.counters()).containsExactly(counter);
    }

    @Test
    void shouldLeaveTheStepAloneBeforeAnyCounts() {
        sink.send(sample(500));
        assertThat(out.samples()).singleElement().isEqualTo(sample(500));
    }

    private static Sample sample(long time) {
        return new Sample(WireRecord.VERSION, time, LABELS.step(), Side.SENDER, "client-0", "server-0", "worker-1",
                "worker-2", "10.0.0.1:40000-10.0.0.2:5201", false, 0.0, 1.0, false, 1_000_000, 8e6, 0L, 1000L,
                null, null, null, null, "cubic", null);
    }
}
