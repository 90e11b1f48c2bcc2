package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Writes dead letters as JSON, keyed by where the rejected record was read, so a replay lands them on the same
 * partition. A rejected record too big to travel whole in base64 under Kafka's default 1 MB message limit keeps
 * its first {@value #MAX_RAW_BYTES} bytes, and the reason says so; the record itself stays in its topic at the
 * partition and offset the letter names.
 */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    /** Raw bytes a dead letter carries at most: 512 KiB, about 700 KB in base64. */
    static final int MAX_RAW_BYTES = 512 * 1024;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        byte[] key = (letter.topic() + '/' + letter.partition() + '/' + letter.offset()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, letter.time(), key, WireCodec.encode(fitting(letter)));
    }

    /** The letter as it is, or with its raw value cut to {@link #MAX_RAW_BYTES}. */
    static DeadLetter fitting(DeadLetter letter) {
        // Four base64 characters encode three bytes.
        int maxChars = MAX_RAW_BYTES / 3 * 4;
        if (letter.rawBase64().length() <= maxChars) {
            return letter;
        }
        long rawBytes = (long) letter.rawBase64().length() / 4 * 3;
        return new DeadLetter(letter.v(), letter.time(), letter.topic(), letter.partition(), letter.offset(),
                letter.reason() + " [raw value cut to its first " + MAX_RAW_BYTES / 3 * 3 + " of about " + rawBytes
                        + " bytes]", letter.rawBase64().substring(0, maxChars), letter.preview());
    }
}
