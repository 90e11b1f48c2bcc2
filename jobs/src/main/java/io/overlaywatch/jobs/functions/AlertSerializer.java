package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.Alert;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Writes alerts as the wire format's JSON, keyed by the alert's key, so that an episode's firing and resolved
 * alerts land on one partition in order. The record's timestamp is the alert's event time.
 */
public class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {

    public static final String DEFAULT_TOPIC = "overlaywatch.alerts";

    private final String topic;

    public AlertSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, alert.time(), alert.key().getBytes(StandardCharsets.UTF_8),
                WireCodec.encode(alert));
    }
}
