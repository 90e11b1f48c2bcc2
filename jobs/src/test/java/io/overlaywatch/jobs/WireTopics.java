package io.overlaywatch.jobs;

import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One producer for a test class that writes wire records to the job's topics keyed as the agent keys them
 * (a stream's samples, a run's markers and errors), and fails loudly when the broker does not take them.
 */
public final class WireTopics implements AutoCloseable {

    /** The producer's own delivery timeout: what the broker has not taken by then, it will not. */
    private static final java.time.Duration ACK_TIMEOUT = java.time.Duration.ofMinutes(2);

    private final KafkaProducer<byte[], byte[]> producer;

    public WireTopics(String bootstrapServers) {
        // Not idempotent, one request in flight (so still in order). Loaded CI runs saw every send of a test class
        // held past 30 s on a fresh broker without a single warning; an idempotent producer's first request for a
        // producer id is the likely holder. A test's records need order and acks, not the id.
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends samples and probe errors to {@code samples}, markers to {@code steps}, in order; waits for every ack. */
    public void produce(String samples, String steps, List<? extends WireRecord> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (WireRecord record : records) {
            String topic = record instanceof StepMarker ? steps : samples;
            sent.add(producer.send(new ProducerRecord<>(topic, null, record.time(), key(record),
                    WireCodec.encode(record))));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Sends one record to {@code topic}, keyed as the agent keys it; waits for the ack. */
    public void send(String topic, WireRecord record) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, record.time(), key(record), WireCodec.encode(record)))
                .get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends bytes that need not be a record, without a key; waits for the ack and says where they went. */
    public RecordMetadata sendRaw(String topic, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, value)).get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends one record to one partition of {@code topic}, whatever its key; waits for the ack. */
    public void produceTo(String topic, int partition, WireRecord record) throws Exception {
        produceTo(topic, partition, List.of(record));
    }

    /** Sends records to one partition of {@code topic} in order, whatever their keys; waits for every ack. */
    public void produceTo(String topic, int partition, List<? extends WireRecord> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (WireRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, record.time(), null,
                    WireCodec.encode(record))));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A stream's samples in order, a run's markers and errors in order; counters need no key here. */
    private static byte[] key(WireRecord record) {
        String key = record instanceof Sample s ? s.partitionKey()
                : record instanceof ProbeError e ? e.step().run()
                : record instanceof StepMarker m ? m.step().run()
                : null;
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
