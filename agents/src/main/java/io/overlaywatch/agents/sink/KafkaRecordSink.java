package io.overlaywatch.agents.sink;

import io.overlaywatch.model.ClusterView;
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
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces records to Kafka through one idempotent producer; create one per process and share it
 * between probes. At most {@code bufferRecords} unacknowledged records are held in memory; while
 * Kafka is away the rest spill to a local file and are replayed in order once it is back, so a
 * broker outage loses nothing and the idempotent producer adds no duplicates.
 */
public final class KafkaRecordSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long flush() waits for records on disk: a broker that is away longer leaves them there. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(2);
    private static final int LINGER_MS = 20;
    private static final int MAX_BLOCK_MS = 10_000;
    /**
     * The producer's buffer: 8 MiB rather than Kafka's 32, so that its share of the heap stays well under the agent's
     * -Xmx. The sink hands it at most {@code bufferRecords} records (10,000 of about 600 bytes by default, some 6 MB);
     * a larger --buffer-records that fills it waits in send() and spills, as when Kafka is away.
     */
    static final long BUFFER_MEMORY = 8L * 1024 * 1024;
    // A broker that is down must not flood the log: the first failures are logged, then every 100th.
    private static final long LOG_EVERY = 100;

    private static final long LOG_SPILLED_EVERY = 1_000;
    /** How often a flush looks whether the sender has handed every record to the producer. */
    private static final Duration FLUSH_POLL = Duration.ofMillis(200);
    /**
     * How long an idle sender sleeps unless woken. Every send and every acknowledgement wakes it, so this is only a
     * safety net; at 200 ms it woke an idle agent 5 times a second.
     */
    private static final Duration SENDER_IDLE = Duration.ofSeconds(5);

    private final KafkaSinkConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();
    // The memory buffer: records queued here plus those the producer holds unacknowledged (inFlight).
    private final Deque<ProducerRecord<byte[], byte[]>> memory = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    // Filled by producer callbacks, which must not take the lock: its holder may be waiting in send() for them.
    private final Queue<ProducerRecord<byte[], byte[]>> retry = new ConcurrentLinkedQueue<>();
    private final Object lock = new Object();
    private final SpillFile spill;
    private final Thread sender;
    private volatile boolean closed;
    private volatile boolean stopSender;

    /** Builds the producer and the spill file; a bad setting or an unwritable spill folder fails here, named. */
    public KafkaRecordSink(KafkaSinkConfig config) {
        this.config = config;
        try {
            this.spill = SpillFile.createIn(config.spillDir());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create a spill file in " + config.spillDir() + ": " + e, e);
        }
        this.producer = new KafkaProducer<>(producerProperties(config));
        this.sender = new Thread(this::sendQueued, "kafka-record-sender");
        sender.setDaemon(true);
        sender.start();
        LOG.info("producing to {} (samples: {}, steps: {}, counters: {}; {} records in memory, then spilled to {})",
                config.bootstrapServers(), config.samplesTopic(), config.stepsTopic(), config.countersTopic(),
                config.bufferRecords(), spill.path());
    }

    /** The producer settings the sink uses: the fixed ones, then the user's overrides. */
    public static Map<String, Object> producerProperties(KafkaSinkConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // An unreachable broker shows in the log after 10 s instead of Kafka's 60 s.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        // Client telemetry to the broker costs the agent about 70 classes (1.3 MB) and a request every few minutes,
        // for metrics nobody collects from a probe.
        props.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
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
     * markers and acks are keyed by run, a cluster view by its namespace (the cluster topic is compacted: the latest
     * view of each namespace stays).
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
        if (record instanceof ClusterView v) {
            return v.namespace();
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

    /**
     * Queues the record in memory, or, while the memory buffer is full or older records wait on disk,
     * appends it to the spill file behind them, so that one stream's records keep their order. Never
     * waits for Kafka: only the sender thread talks to the producer, whose send() can block.
     */
    @Override
    public void send(WireRecord record) {
        sendTo(topicOf(record), record);
    }

    /** Sends a record to the given topic, keyed as {@link #keyOf} says, queued as {@link #send} queues. */
    public void sendTo(String topic, WireRecord record) {
        ProducerRecord<byte[], byte[]> producerRecord = new ProducerRecord<>(topic, null, record.time(),
                keyOf(record).getBytes(StandardCharsets.UTF_8), WireCodec.encode(record));
        synchronized (lock) {
            if (closed) {
                failed(producerRecord, new IllegalStateException("the sink is closed"));
            } else if (spill.pending() == 0 && memory.size() + inFlight.get() < config.bufferRecords()) {
                memory.addLast(producerRecord);
            } else {
                spill(producerRecord);
            }
        }
        LockSupport.unpark(sender);
    }

    private void spill(ProducerRecord<byte[], byte[]> record) {
        try {
            spill.append(record);
            long total = spilled.incrementAndGet();
            if (total == 1 || total % LOG_SPILLED_EVERY == 0) {
                LOG.warn("Kafka at {} is not keeping up: {} records spilled to {} so far ({} waiting there)",
                        config.bootstrapServers(), total, spill.path(), spill.pending());
            }
        } catch (IOException e) {
            failed(record, e);
        }
    }

    /**
     * Hands records to the producer, oldest first: the memory queue, then the spill file while the memory
     * buffer has room. Only this thread takes records from the heads, so it can send outside the lock.
     */
    private void sendQueued() {
        while (!stopSender) {
            ProducerRecord<byte[], byte[]> next = null;
            boolean fromSpill = false;
            synchronized (lock) {
                ProducerRecord<byte[], byte[]> retried;
                while ((retried = retry.poll()) != null) {
                    spill(retried);
                }
                if (!memory.isEmpty()) {
                    next = memory.peekFirst();
                } else if (inFlight.get() < config.bufferRecords()) {
                    try {
                        next = spill.peek();
                        fromSpill = true;
                    } catch (IOException e) {
                        LOG.error("cannot read the spill file {}: {}", spill.path(), e.toString());
                    }
                }
            }
            if (next == null) {
                LockSupport.parkNanos(SENDER_IDLE.toNanos());
                continue;
            }
            if (!produce(next)) {
                // Kafka is away; the producer already waited max.block.ms. The record stays first in line.
                continue;
            }
            synchronized (lock) {
                if (fromSpill) {
                    try {
                        spill.remove();
                    } catch (IOException e) {
                        LOG.error("cannot advance in the spill file {}: {}", spill.path(), e.toString());
                    }
                    replayed.incrementAndGet();
                } else {
                    memory.removeFirst();
                }
            }
        }
    }

    /**
     * Sends one record; false when the producer refused it at once but may take it later (no metadata
     * within max.block.ms: Kafka is away), so that the caller keeps it first in line.
     */
    private boolean produce(ProducerRecord<byte[], byte[]> record) {
        inFlight.incrementAndGet();
        AtomicBoolean refused = new AtomicBoolean();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else if (exception instanceof RetriableException || closed) {
                    if (Thread.currentThread() == sender) {
                        // Failed inside send(), on this thread: nothing behind it was sent yet.
                        refused.set(true);
                    } else {
                        // Delivery timed out (Kafka away longer than delivery.timeout.ms), or closed while
                        // Kafka is away: back to disk, never lost; it lands behind records sent since.
                        requeue(record, exception);
                    }
                } else {
                    failed(record, exception);
                }
                inFlight.decrementAndGet();
                LockSupport.unpark(sender);
            });
        } catch (RetriableException e) {
            inFlight.decrementAndGet();
            return false;
        } catch (RuntimeException e) {
            // A record the producer refuses outright (too large, bad topic): retrying cannot help.
            inFlight.decrementAndGet();
            failed(record, e);
        }
        return !refused.get();
    }

    private void requeue(ProducerRecord<byte[], byte[]> record, Exception exception) {
        retry.add(record);
        long count = requeued.incrementAndGet();
        if (count <= 3 || count % LOG_EVERY == 0) {
            LOG.warn("Kafka at {} did not take a record for {} ({} so far), spilling it again: {}",
                    config.bootstrapServers(), record.topic(), count, exception.toString());
        }
    }

    private void failed(ProducerRecord<byte[], byte[]> record, Exception exception) {
        long count = failed.incrementAndGet();
        if (count <= 3 || count % LOG_EVERY == 0) {
            LOG.error("could not send the record with key {} to {} at {} ({} failed so far): {}",
                    new String(record.key(), StandardCharsets.UTF_8), record.topic(), config.bootstrapServers(),
                    count, exception.toString());
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

    /** Records that could not be delivered and were dropped (refused by the broker, or the spill file failed). */
    public long failed() {
        return failed.get();
    }

    /** Records that ever went to the spill file (a record that waited twice counts twice). */
    public long spilled() {
        return spilled.get();
    }

    /** Records sent again from the spill file. */
    public long replayed() {
        return replayed.get();
    }

    /** Records not yet acknowledged: in memory or on disk. */
    public long pending() {
        synchronized (lock) {
            return memory.size() + inFlight.get() + spill.pending() + retry.size();
        }
    }

    public KafkaSinkConfig config() {
        return config;
    }

    /**
     * Waits until every record sent so far is acknowledged or failed, or still waits after the flush
     * timeout because Kafka is away ({@link #pending()} says how many).
     */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) {
            LockSupport.unpark(sender);
            producer.flush();
            if (pending() > 0) {
                // The sender thread is still moving queued records into the producer.
                LockSupport.parkNanos(FLUSH_POLL.toNanos());
            }
        }
    }

    /** Flushes, then stops; what Kafka did not take stays in the spill file, whose path is logged. */
    @Override
    public void close() {
        flush();
        closed = true;
        stopSender = true;
        LockSupport.unpark(sender);
        try {
            sender.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(CLOSE_TIMEOUT);
        long left;
        synchronized (lock) {
            ProducerRecord<byte[], byte[]> kept;
            while ((kept = memory.pollFirst()) != null) {
                spill(kept);
            }
            while ((kept = retry.poll()) != null) {
                spill(kept);
            }
            left = spill.pending();
            try {
                spill.close();
            } catch (IOException e) {
                LOG.error("cannot close the spill file {}: {}", spill.path(), e.toString());
            }
        }
        if (left > 0) {
            LOG.error("closed with Kafka at {} away: {} records delivered, {} left in {}", config.bootstrapServers(),
                    acknowledged.get(), left, spill.path());
        } else if (failed.get() > 0) {
            LOG.error("closed: {} records delivered, {} failed", acknowledged.get(), failed.get());
        } else {
            LOG.info("closed: {} records delivered ({} of them spilled to disk first)", acknowledged.get(),
                    replayed.get());
        }
    }
}
