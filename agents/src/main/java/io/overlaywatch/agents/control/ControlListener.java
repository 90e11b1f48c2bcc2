package io.overlaywatch.agents.control;

import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.TopicPartitions;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.StepCommand;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads the control topic and hands the step commands addressed to this client to a {@link StepCommandRunner},
 * one after another on a thread of their own, so that polling goes on while a test runs.
 *
 * <p>Each client reads every partition the control topic has when it starts, from the beginning, without a consumer
 * group: every client must see every command, and a command sent before the client was ready still runs if its start
 * is not past. A command whose test is over is skipped, so a restarted client does not run it again. Without a group
 * nothing is left on the brokers per client (the pods of a Deployment, each with a group of its own, left one each),
 * and the agent loads no group coordination.
 */
public final class ControlListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);
    /**
     * Long: a command ends the poll at once and stop() wakes it, while each empty return costs the idle agent CPU
     * (this code runs too rarely to be compiled).
     */
    private static final Duration POLL = KafkaSinkConfig.IDLE_FETCH_WAIT;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration TOPIC_WAIT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final StepCommandRunner runner;
    private final ExecutorService steps;
    private volatile boolean stopping;
    private boolean ran;

    /**
     * @param consumerProperties {@code KafkaSinkConfig.idleConsumerProperties()}; no group: every partition is read
     */
    public ControlListener(Map<String, Object> consumerProperties, String topic, StepCommandRunner runner) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.steps = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "control-steps");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Fails fast when the brokers do not know the control topic.
     *
     * @throws IllegalStateException naming the topic and the brokers
     */
    public void requireTopic(String bootstrapServers) {
        List<TopicPartition> partitions;
        try {
            partitions = TopicPartitions.of(consumer, topic, TOPIC_WAIT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " does not answer for the control topic "
                    + topic + ": " + e.getMessage(), e);
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " has no control topic " + topic);
        }
    }

    /** Reads commands until {@link #stop()}; then stops the step in progress and waits for its ack. */
    public void run() throws InterruptedException {
        ran = true;
        try {
            List<TopicPartition> partitions = TopicPartitions.of(consumer, topic, TOPIC_WAIT);
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Kafka has no control topic " + topic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            LOG.info("{}: taking step commands from {}", runner.clientPod(), topic);
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // stop() woke the poll.
        } finally {
            runner.stop();
            steps.shutdown();
            if (!steps.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the step in progress did not end within {} s", STOP_WAIT.toSeconds());
            }
            consumer.close(KafkaSinkConfig.IDLE_CONSUMER_CLOSE);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        Decoded decoded = WireCodec.decode(record.value());
        if (!decoded.isValid()) {
            LOG.warn("skipping record at {}-{} offset {}: {}", record.topic(), record.partition(), record.offset(),
                    decoded.reason());
            return;
        }
        if (!(decoded.record() instanceof StepCommand command)) {
            LOG.warn("skipping a {} on the control topic at offset {}", decoded.record().getClass().getSimpleName(),
                    record.offset());
            return;
        }
        if (!command.addresses(runner.clientPod())) {
            return;
        }
        if (runner.isOver(command)) {
            LOG.info("skipping run {} step {}: its test is over", command.step().run(), command.step().index());
            return;
        }
        steps.execute(() -> {
            try {
                runner.run(command);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("run {} step {}: {}", command.step().run(), command.step().index(), e.toString(), e);
            }
        });
    }

    /** Ends {@link #run()} from another thread (a shutdown hook). */
    public void stop() {
        stopping = true;
        runner.stop();
        consumer.wakeup();
    }

    /** Stops; closes the consumer here when {@link #run()} never ran (run closes it otherwise). */
    @Override
    public void close() {
        stop();
        if (!ran) {
            consumer.close(KafkaSinkConfig.IDLE_CONSUMER_CLOSE);
        }
    }
}
