package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Writes dead letters as JSON, keyed by where the rejected record was read, so a replay lands them on the same partition. */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        byte[] key = (letter.topic() + '/' + letter.partition() + '/' + letter.offset()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, letter.time(), key, WireCodec.encode(letter));
    }
}
