package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.WireRecord;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays a CNI agent's policy gauge read by a counter collector: publishes, every 100 ms, the number of policies in
 * the namespace plus {@code others} as they were {@code lagMillis} ago, the time a real CNI takes to program them.
 * {@code stuck} publishes 0 forever instead.
 */
final class FakeCniCounter implements AutoCloseable {

    static final String NAME = "felix_active_local_policies";

    private final KubernetesClient cluster;
    private final String namespace;
    private final int others;
    private final long lagMillis;
    private final boolean stuck;
    private final KafkaRecordSink sink;
    private final AtomicBoolean running = new AtomicBoolean(true);
    // value -> when it was first published
    private final Map<Integer, Long> firstPublished = new ConcurrentHashMap<>();
    private final java.util.NavigableMap<Long, Integer> history = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Thread thread;

    FakeCniCounter(KafkaSinkConfig config, KubernetesClient cluster, String namespace, int others, long lagMillis,
                   boolean stuck) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.others = others;
        this.lagMillis = lagMillis;
        this.stuck = stuck;
        this.sink = new KafkaRecordSink(config);
        this.thread = new Thread(this::loop, "fake-cni-counter");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            long now = System.currentTimeMillis();
            history.put(now, cluster.network().v1().networkPolicies().inNamespace(namespace).list().getItems().size());
            var programmed = history.floorEntry(now - lagMillis);
            if (programmed != null || stuck) {
                int value = stuck ? 0 : programmed.getValue() + others;
                firstPublished.putIfAbsent(value, now);
                sink.send(new Counter(WireRecord.VERSION, now, "live", "node-b", "felix", NAME, Map.of(), value));
                sink.flush();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** When the gauge first read {@code value}, or null if it never did. */
    Long firstPublished(int value) {
        return firstPublished.get(value);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
        sink.close();
    }
}
