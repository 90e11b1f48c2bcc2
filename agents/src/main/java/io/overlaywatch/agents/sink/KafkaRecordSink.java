package io.overlaywatch.agents.sink;

import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces records to Kafka through one idempotent producer; create one per process and share it
 * between probes (KafkaProducer is thread-safe).
 */
public final class KafkaRecordSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int LINGER_MS = 20;
    private static final int MAX_BLOCK_MS = 10_000;
    // A broker that is down must not flood the log: the first failures are logged, then every 100th.
    private static final long LOG_EVERY = 100;

    private final KafkaSinkConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Builds the producer; a bad setting fails here with Kafka's message naming it. */
    public KafkaRecordSink(KafkaSinkConfig config) {
        this.config = config;
        this.producer = new KafkaProducer<>(producerProperties(config));
        LOG.info("producing to {} (samples: {}, steps: {}, counters: {})",
                config.bootstrapServers(), config.samplesTopic(), config.stepsTopic(), config.countersTopic());
    }

    /** The producer settings the sink uses: the fixed ones, then the user's overrides. */
    public static Map<String, Object> producerProperties(KafkaSinkConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // An unreachable broker shows in the log after 10 s instead of Kafka's 60 s.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        props.putAll(config.producerOverrides());
        // Set last so that no override can weaken delivery or change the wire format.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /**
     * Samples and probe errors go to the samples topic, step markers and clients' acks to the steps topic, counters
     * to theirs. Step commands have no topic of their own here: the driver names its control topic with
     * {@link #sendTo}.
     */
    public String topicOf(WireRecord record) {
        if (record instanceof Sample || record instanceof ProbeError) {
            return config.samplesTopic();
        }
        if (record instanceof StepMarker || record instanceof StepAck) {
            return config.stepsTopic();
        }
        if (record instanceof Counter) {
            return config.countersTopic();
        }
        throw new IllegalArgumentException("the agent does not produce " + record.getClass().getSimpleName());
    }

    /**
     * A sample's key keeps its stream in order, a counter's key keeps one counter's readings in order; errors,
     * markers and acks are keyed by run.
     */
    public static String keyOf(WireRecord record) {
        if (record instanceof Sample s) {
            return s.partitionKey();
        }
        if (record instanceof ProbeError e) {
            return e.step().run();
        }
        if (record instanceof StepMarker m) {
            return m.step().run();
        }
        if (record instanceof StepCommand c) {
            return c.step().run();
        }
        if (record instanceof StepAck a) {
            return a.step().run();
        }
        if (record instanceof Counter c) {
            return counterKey(c);
        }
        throw new IllegalArgumentException("the agent does not produce " + record.getClass().getSimpleName());
    }

    /** {@code node|source|name|k1=v1,k2=v2} with the labels sorted by name: one counter, one key. */
    static String counterKey(Counter counter) {
        StringBuilder key = new StringBuilder()
                .append(counter.node()).append('|')
                .append(counter.source()).append('|')
                .append(counter.name()).append('|');
        String separator = "";
        Map<String, String> labels = counter.labels() == null ? Map.of() : counter.labels();
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            key.append(separator).append(label.getKey()).append('=').append(label.getValue());
            separator = ",";
        }
        return key.toString();
    }

    @Override
    public void send(WireRecord record) {
        sendTo(topicOf(record), record);
    }

    /** Sends a record to the given topic, keyed as {@link #keyOf} says; the sweep driver's commands go this way. */
    public void sendTo(String topic, WireRecord record) {
        String key = keyOf(record);
        ProducerRecord<byte[], byte[]> producerRecord = new ProducerRecord<>(topic, null, record.time(),
                key.getBytes(StandardCharsets.UTF_8), WireCodec.encode(record));
        try {
            producer.send(producerRecord, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failed(topic, key, record, exception);
                }
            });
        } catch (RuntimeException e) {
            // send() throws at once when metadata cannot be had within max.block.ms, or after close().
            failed(topic, key, record, e);
        }
    }

    private void failed(String topic, String key, WireRecord record, Exception exception) {
        long count = failed.incrementAndGet();
        if (count <= 3 || count % LOG_EVERY == 0) {
            LOG.error("could not send {} with key {} to {} at {} ({} failed so far): {}",
                    record.getClass().getSimpleName(), key, topic, config.bootstrapServers(), count,
                    exception.toString());
        }
    }

    /**
     * Fails fast when the brokers do not answer for these topics within max.block.ms, so that an agent
     * stops before it measures anything it could not deliver.
     */
    public void requireTopics(String... topics) {
        for (String topic : topics) {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Kafka at " + config.bootstrapServers() + " has no topic " + topic
                        + " or does not answer: " + e.getMessage(), e);
            }
        }
    }

    /** Records the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Records that could not be delivered. */
    public long failed() {
        return failed.get();
    }

    public KafkaSinkConfig config() {
        return config;
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
        if (failed.get() > 0) {
            LOG.error("closed: {} records delivered, {} failed", acknowledged.get(), failed.get());
        } else {
            LOG.info("closed: {} records delivered", acknowledged.get());
        }
    }
}
