package io.overlaywatch.agents.cluster;

import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.TopicPartitions;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the cluster observer's views of one namespace from the cluster topic (every partition, from the beginning:
 * the topic is compacted, so the latest view is there) and keeps them over time, so that each sample gets the counts
 * of its own interval's time. What an agent in a pod knows of its cluster, without asking the API server.
 */
public final class ClusterViewListener implements AutoCloseable {

    /** How long views are kept for looking up past intervals; longer than any probe's records take to arrive. */
    static final Duration HISTORY = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterViewListener.class);
    private static final Duration POLL = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String namespace;
    private final ConcurrentSkipListMap<Long, ClusterView> timeline = new ConcurrentSkipListMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread poller;
    // The topic's end when reading began: the view in force is the last one before it. Set before the poller starts.
    private Map<TopicPartition, Long> ends;
    // The poller's own: whether it has read up to those ends.
    private boolean caughtUp;
    private volatile RuntimeException failure;

    /**
     * @param consumerProperties {@code KafkaSinkConfig.idleConsumerProperties()}; no group: every partition is read
     */
    public ClusterViewListener(Map<String, Object> consumerProperties, String topic, String namespace) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.poller = new Thread(this::poll, "cluster-views");
        poller.setDaemon(true);
    }

    /**
     * Starts reading and returns once the views the topic held at the start are read and one of them is of the
     * namespace: {@link #latest()} is then the view in force, not an older one.
     *
     * @throws IllegalStateException when the topic is missing, cannot be read, or no view came within
     *                               {@code timeout}
     */
    public void start(Duration timeout) throws InterruptedException {
        List<TopicPartition> assigned = TopicPartitions.of(consumer, topic, timeout);
        if (assigned.isEmpty()) {
            throw new IllegalStateException("Kafka has no cluster topic " + topic);
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        ends = consumer.endOffsets(assigned, timeout);
        poller.start();
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no view of namespace " + namespace + " on " + topic + " within "
                    + timeout.toSeconds() + " s: is the cluster observer (agent observe --namespace " + namespace
                    + ") running?");
        }
        if (failure != null) {
            throw new IllegalStateException("cannot read the cluster views on " + topic + ": " + failure.getMessage(),
                    failure);
        }
        LOG.info("cluster views of {} from {}: {}", namespace, topic, latest());
    }

    /** The latest view. */
    public ClusterView latest() {
        Map.Entry<Long, ClusterView> last = timeline.lastEntry();
        return last == null ? null : last.getValue();
    }

    /** The view in force at {@code time}: the last at or before it (the first for earlier times). */
    public ClusterView at(long time) {
        Map.Entry<Long, ClusterView> entry = timeline.floorEntry(time);
        if (entry == null) {
            entry = timeline.firstEntry();
        }
        return entry == null ? null : entry.getValue();
    }

    private void poll() {
        try {
            while (closing.getCount() > 0) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        take(record);
                    }
                    if (!caughtUp) {
                        caughtUp = ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    }
                    if (caughtUp && latest() != null) {
                        ready.countDown();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (ready.getCount() > 0) {
                        // start() is waiting: let it fail with the cause.
                        failure = e;
                        ready.countDown();
                        return;
                    }
                    // Samples keep the last view meanwhile; say so, and read on once Kafka answers again.
                    LOG.error("cannot read the cluster views on {}, samples keep the counts of {}; trying again in {} s:"
                            + " {}", topic, latest(), POLL.toSeconds(), e.toString());
                    closing.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (WakeupException e) {
            // close() ends the loop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(KafkaSinkConfig.IDLE_CONSUMER_CLOSE);
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        Decoded decoded = WireCodec.decode(record.value());
        if (!decoded.isValid() || !(decoded.record() instanceof ClusterView view)) {
            LOG.warn("skipping record {}-{}@{} of {}: {}", record.topic(), record.partition(), record.offset(), topic,
                    decoded.isValid() ? "not a cluster view" : decoded.reason());
            return;
        }
        if (!view.namespace().equals(namespace)) {
            return;
        }
        timeline.put(view.time(), view);
        // Keep the last view before the horizon: it is still in force at the horizon.
        Long horizon = timeline.floorKey(view.time() - HISTORY.toMillis());
        if (horizon != null) {
            timeline.headMap(horizon).clear();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing.countDown();
        consumer.wakeup();
        if (poller.isAlive()) {
            poller.join(TimeUnit.SECONDS.toMillis(10));
            if (poller.isAlive()) {
                LOG.warn("the cluster views' reader did not stop within 10 s");
            }
        } else if (poller.getState() == Thread.State.NEW) {
            consumer.close(KafkaSinkConfig.IDLE_CONSUMER_CLOSE);
        }
    }
}
