package io.overlaywatch.agents.cluster;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.TopicRecords;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The observer's views through a real broker: what the publisher sends, an agent's listener reads back over time. */
@Timeout(120)
class ClusterViewsITCase {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldGiveAnAgentTheViewOfItsOwnNamespaceInForceAtEachTime() throws Exception {
        String id = UUID.randomUUID().toString();
        String clusterTopic = "cluster-" + id;
        String counters = "counters-" + id;
        kafka.createTopics(2, clusterTopic, counters);
        long t0 = System.currentTimeMillis() - 60_000;
        ClusterView first = view("bench", t0, 2, "10.244.2.5");
        ClusterView other = view("elsewhere", t0 + 5_000, 9, "10.9.9.9");
        ClusterView second = view("bench", t0 + 10_000, 5, "10.244.2.5");
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withCountersTopic(counters)
                .withBuffer(100, dir.resolve("spill-" + id));
        try (KafkaRecordSink sink = new KafkaRecordSink(config)) {
            ClusterViewPublisher publisher = new ClusterViewPublisher(sink, clusterTopic, "live", "worker-9");
            publisher.changed(first);
            publisher.changed(other);
            // Not a view: an agent skips it and reads on.
            TopicRecords.send(kafka.bootstrapServers(), clusterTopic, "{\"kind\":\"cluster\",\"v\":1}"
                    .getBytes(StandardCharsets.UTF_8));
            publisher.changed(second);
            sink.flush();
        }

        try (ClusterViewListener listener = new ClusterViewListener(config.idleConsumerProperties(), clusterTopic,
                "bench")) {
            listener.start(WITHIN);

            assertThat(listener.latest()).as("the view in force when the agent started, not an older one")
                    .isEqualTo(second);
            assertThat(listener.at(t0 + 9_999)).isEqualTo(first);
            assertThat(listener.at(t0 + 10_000)).isEqualTo(second);
            assertThat(listener.at(t0 - 60_000)).as("earlier than the first view").isEqualTo(first);
            assertThat(listener.latest().pod("10.244.2.5")).map(ClusterView.Member::name).contains("server-0");
        }
    }

    @Test
    void shouldForgetViewsOlderThanTheHistoryButTheOneInForceAtItsStart() throws Exception {
        String clusterTopic = "cluster-" + UUID.randomUUID();
        kafka.createTopics(1, clusterTopic);
        long now = System.currentTimeMillis();
        long minute = 60_000;
        ClusterView forgotten = view("bench", now - 40 * minute, 1, "10.244.2.5");
        ClusterView inForceAtTheHorizon = view("bench", now - 30 * minute, 2, "10.244.2.5");
        ClusterView recent = view("bench", now - 10 * minute, 3, "10.244.2.5");
        ClusterView latest = view("bench", now, 4, "10.244.2.5");
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers());
        for (ClusterView v : List.of(forgotten, inForceAtTheHorizon, recent, latest)) {
            TopicRecords.send(kafka.bootstrapServers(), clusterTopic, WireCodec.encode(v));
        }

        try (ClusterViewListener listener = new ClusterViewListener(config.idleConsumerProperties(), clusterTopic,
                "bench")) {
            listener.start(WITHIN);

            assertThat(listener.latest()).isEqualTo(latest);
            assertThat(listener.at(now - 20 * minute)).isEqualTo(inForceAtTheHorizon);
            assertThat(listener.at(now - 40 * minute)).as("older than the history: the oldest kept")
                    .isEqualTo(inForceAtTheHorizon);
            assertThat(listener.at(now - minute)).isEqualTo(recent);
        }
    }

    @Test
    void shouldSendOnlyTheCountersThatChangedAndAllOfThemWhenRepublished() throws Exception {
        String id = UUID.randomUUID().toString();
        String clusterTopic = "cluster-" + id;
        String counters = "counters-" + id;
        kafka.createTopics(1, clusterTopic, counters);
        long t0 = System.currentTimeMillis();
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers()).withCountersTopic(counters)
                .withBuffer(100, dir.resolve("spill-" + id));
        try (KafkaRecordSink sink = new KafkaRecordSink(config)) {
            ClusterViewPublisher publisher = new ClusterViewPublisher(sink, clusterTopic, "live", "worker-9");
            publisher.changed(view("bench", t0, 2, "10.244.2.5"));
            // Only the namespace's policies changed; the pods' selecting counts did not.
            publisher.changed(view("bench", t0 + 1, 3, "10.244.2.5"));
            publisher.republish(view("bench", t0 + 1, 3, "10.244.2.5"));
            // The client pod goes, and comes back as it was: its count is news again.
            ClusterView withoutClient = view("bench", t0 + 2, 3, "10.244.2.5");
            publisher.changed(new ClusterView(WireRecord.VERSION, t0 + 2, "bench", withoutClient.cni(), 3, 0,
                    withoutClient.pods().subList(1, 2)));
            publisher.changed(view("bench", t0 + 3, 3, "10.244.2.5"));
            sink.flush();
        }

        List<Counter> read = TopicRecords.readUntil(kafka.bootstrapServers(), counters, r -> r.size() >= 12, WITHIN)
                .stream().map(Counter.class::cast).toList();

        assertThat(read).extracting(Counter::time, Counter::name, Counter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(t0, "policies", 2.0),
                org.assertj.core.groups.Tuple.tuple(t0, "ready_client_pods", 1.0),
                org.assertj.core.groups.Tuple.tuple(t0, "policies_selecting_pod", 1.0),
                org.assertj.core.groups.Tuple.tuple(t0, "policies_selecting_pod", 2.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 1, "policies", 3.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 1, "policies", 3.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 1, "ready_client_pods", 1.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 1, "policies_selecting_pod", 1.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 1, "policies_selecting_pod", 2.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 2, "ready_client_pods", 0.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 3, "ready_client_pods", 1.0),
                org.assertj.core.groups.Tuple.tuple(t0 + 3, "policies_selecting_pod", 1.0));
        assertThat(read).filteredOn(c -> c.name().equals("policies_selecting_pod"))
                .extracting(c -> c.labels().get("pod"), Counter::node)
                .startsWith(org.assertj.core.groups.Tuple.tuple("client-0", "worker-1"),
                        org.assertj.core.groups.Tuple.tuple("server-0", "worker-2"));
        assertThat(read).filteredOn(c -> c.name().equals("policies")).allSatisfy(c -> {
            assertThat(c.node()).as("where the observer read it").isEqualTo("worker-9");
            assertThat(c.labels()).containsEntry("namespace", "bench");
            assertThat(c.source()).isEqualTo("kubernetes");
            assertThat(c.problems()).isEmpty();
        });
    }

    @Test
    void shouldSayWhatIsMissingWhenNoObserverSends() throws Exception {
        String clusterTopic = "cluster-" + UUID.randomUUID();
        kafka.createTopics(1, clusterTopic);
        KafkaSinkConfig config = KafkaSinkConfig.of(kafka.bootstrapServers());

        try (ClusterViewListener listener = new ClusterViewListener(config.idleConsumerProperties(), clusterTopic,
                "bench")) {
            assertThatThrownBy(() -> listener.start(Duration.ofSeconds(2))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no view of namespace bench on " + clusterTopic + " within 2 s")
                    .hasMessageContaining("agent observe --namespace bench");
        }
        try (ClusterViewListener listener = new ClusterViewListener(config.idleConsumerProperties(),
                "no-such-topic-" + UUID.randomUUID(), "bench")) {
            assertThatThrownBy(() -> listener.start(Duration.ofSeconds(2))).hasMessageContaining("no cluster topic");
        }
    }

    /** A namespace with a client and a server pod and {@code policies} NetworkPolicies, all selecting the server. */
    private static ClusterView view(String namespace, long time, int policies, String serverIp) {
        return new ClusterView(WireRecord.VERSION, time, namespace, "calico-v3.27.0", policies, 1, List.of(
                new ClusterView.Member("client-0", "10.244.1.5", "worker-1", 1),
                new ClusterView.Member("server-0", serverIp, "worker-2", 2)));
    }
}
