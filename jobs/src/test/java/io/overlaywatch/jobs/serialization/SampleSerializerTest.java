package io.overlaywatch.jobs.serialization;

import io.overlaywatch.jobs.functions.DuplicateSampleFilter;
import io.overlaywatch.jobs.functions.IncomingDeserializer;
import io.overlaywatch.jobs.functions.IncomingRouter;
import io.overlaywatch.jobs.functions.LinkWindowFunction;
import io.overlaywatch.jobs.functions.StepAggregator;
import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

class SampleSerializerTest {

    private static final StepKey UDP = new StepKey("run \"é\" 7", Scenario.LIVE, "cilium", Protocol.UDP, 12, 10_000,
            40, 3);

    /** A TCP sender, a UDP receiver with every measurement, and one without any optional field. */
    private static final List<Sample> SAMPLES = List.of(
            sample(step("run-1", Protocol.TCP, 2, 1000, 1), Side.SENDER, "10.1.1.2:54524-10.1.2.2:5201", 3, 7.98e9, 5),
            new Sample(WireRecord.VERSION, T0, UDP, Side.RECEIVER, "client-7", "server-7", "node-a", "node-b",
                    Sample.SUM_STREAM, true, 1.0, 2.000001, true, 0, 0.1, 394L, 342_016L, 12L, 0.113, 40_000L, 81_383L,
                    "bbr", "0,1"),
            new Sample(WireRecord.VERSION, T0, UDP, Side.SENDER, "c", "s", "a", "b", "x", false, 0, 1, false,
                    Long.MAX_VALUE, Double.MIN_VALUE, null, null, null, null, null, null, null, null));

    private final SampleSerializer serializer = new SampleSerializer();

    @Test
    void shouldReadBackEverySampleAsWritten() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (Sample s : SAMPLES) {
            serializer.serialize(s, out);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (Sample s : SAMPLES) {
            assertThat(serializer.deserialize(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void shouldGiveEveryTaskItsOwnSerializer() {
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
        assertThat(JobTypes.SAMPLE.createSerializer(new SerializerConfigImpl()))
                .isNotSameAs(JobTypes.SAMPLE.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void shouldCopySerializedSamplesByteForByte() throws IOException {
        DataOutputSerializer original = new DataOutputSerializer(256);
        SAMPLES.forEach(s -> write(s, original));
        DataOutputSerializer copy = new DataOutputSerializer(256);
        DataInputDeserializer in = new DataInputDeserializer(original.getCopyOfBuffer());
        for (int i = 0; i < SAMPLES.size(); i++) {
            serializer.copy(in, copy);
        }

        assertThat(copy.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    @Test
    void shouldRestoreItselfFromItsSnapshot() throws IOException {
        TypeSerializerSnapshot<Sample> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<Sample> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isInstanceOf(SampleSerializer.class).isNotSameAs(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored)
                .isCompatibleAsIs()).isTrue();
    }

    @Test
    void shouldBeWhatTheJobUsesWhereverSamplesCrossTheNetwork() {
        assertThat(new IncomingDeserializer().getProducedType()).isSameAs(JobTypes.INCOMING);
        assertThat(new IncomingRouter().getProducedType()).isSameAs(JobTypes.STEP_EVENT);
        assertThat(new DuplicateSampleFilter("samples").getProducedType()).isSameAs(JobTypes.INCOMING);
        for (OutputTag<Sample> tag : List.of(IncomingRouter.RAW_SAMPLES, StepAggregator.LATE, LinkWindowFunction.LATE)) {
            assertThat(tag.getTypeInfo()).as(tag.getId()).isEqualTo(JobTypes.SAMPLE);
        }
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        for (TypeInformation<?> record : List.of(JobTypes.INCOMING, JobTypes.STEP_EVENT)) {
            PojoTypeInfo<?> info = (PojoTypeInfo<?>) record;
            assertThat(info.getTypeAt(info.getFieldIndex("sample"))).isEqualTo(JobTypes.SAMPLE);
            if (record == JobTypes.STEP_EVENT) {
                assertThat(info.getTypeAt(info.getFieldIndex("key"))).isEqualTo(JobTypes.NAME);
            }
            assertThat(record.createSerializer(noKryo)).isNotNull(); // every other field a POJO too, no Kryo
        }
    }

    @Test
    void shouldCarryIncomingRecordsAndStepEventsThroughTheirSerializers() throws IOException {
        Sample s = SAMPLES.get(1);
        assertThat(roundTrip(JobTypes.INCOMING, Incoming.of(s))).isEqualTo(Incoming.of(s));
        assertThat(roundTrip(JobTypes.STEP_EVENT, StepEvent.of(s))).isEqualTo(StepEvent.of(s));
    }

    private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private void write(Sample s, DataOutputSerializer out) {
        try {
            serializer.serialize(s, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
