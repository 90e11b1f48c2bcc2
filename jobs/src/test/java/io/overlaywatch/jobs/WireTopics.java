package io.overlaywatch.jobs;

import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Produces wire records to the job's topics keyed as the agent keys them: a stream's samples, a run's markers. */
public final class WireTopics {

    private WireTopics() {
    }

    /** Sends samples and probe errors to {@code samples}, markers to {@code steps}, in the given order; waits for all. */
    public static void produce(String bootstrapServers, String samples, String steps, List<? extends WireRecord> records)
            throws Exception {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (WireRecord record : records) {
                String key = record instanceof Sample s ? s.partitionKey()
                        : record instanceof ProbeError e ? e.step().run()
                        : ((StepMarker) record).step().run();
                String topic = record instanceof StepMarker ? steps : samples;
                producer.send(new ProducerRecord<>(topic, null, record.time(), key.getBytes(StandardCharsets.UTF_8),
                        WireCodec.encode(record)));
            }
            producer.flush();
        }
    }
}
