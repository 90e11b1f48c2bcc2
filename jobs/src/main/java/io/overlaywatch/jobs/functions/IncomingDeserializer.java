package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.serialization.JobTypes;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes every Kafka record into an {@link Incoming}; a record that does not decode becomes a dead letter, never an exception. */
public class IncomingDeserializer implements KafkaRecordDeserializationSchema<Incoming> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Incoming> out) {
        Decoded decoded = WireCodec.decode(record.value());
        if (!decoded.isValid()) {
            out.collect(Incoming.of(deadLetter(record, decoded.reason())));
            return;
        }
        if (decoded.record() instanceof Sample sample) {
            out.collect(Incoming.of(sample));
        } else if (decoded.record() instanceof StepMarker marker) {
            out.collect(Incoming.of(marker));
        } else if (decoded.record() instanceof ProbeError error) {
            out.collect(Incoming.of(error));
        } else if (decoded.record() instanceof Counter counter) {
            out.collect(Incoming.of(counter));
        } else if (decoded.record() instanceof StepAck) {
            // Clients' answers to the driver share the steps topic; they carry no measurement.
            return;
        } else {
            out.collect(Incoming.of(deadLetter(record, "a " + decoded.record().getClass().getSimpleName()
                    + " does not belong on an input topic")));
        }
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return WireCodec.deadLetter(System.currentTimeMillis(), record.topic(), record.partition(),
                record.offset(), record.value(), reason);
    }

    @Override
    public TypeInformation<Incoming> getProducedType() {
        return JobTypes.INCOMING;
    }
}
