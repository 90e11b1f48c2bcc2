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

    private final KafkaProducer<byte[], byte[]> producer;

    public WireTopics(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends samples and probe errors to {@code samples}, markers to {@code steps}, in order; waits for every ack. */
    public void produce(String samples, String steps, List<? extends WireRecord> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (WireRecord record : records) {
            String key = record instanceof Sample s ? s.partitionKey()
                    : record instanceof ProbeError e ? e.step().run()
                    : ((StepMarker) record).step().run();
            String topic = record instanceof StepMarker ? steps : samples;
            sent.add(producer.send(new ProducerRecord<>(topic, null, record.time(), key.getBytes(StandardCharsets.UTF_8),
                    WireCodec.encode(record))));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends one record to one partition of {@code topic}, whatever its key; waits for the ack. */
    public void produceTo(String topic, int partition, WireRecord record) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, record.time(), null, WireCodec.encode(record)))
                .get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
