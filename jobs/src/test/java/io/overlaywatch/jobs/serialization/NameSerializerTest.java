package io.overlaywatch.jobs.serialization;

import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NameSerializerTest {

    private final NameSerializer serializer = new NameSerializer();

    @Test
    void shouldReadBackEveryStringAsWritten() throws IOException {
        // Far more distinct names than it remembers, so that names share slots and push each other out.
        Random random = new Random(7);
        List<String> written = new ArrayList<>(List.of("", "run \"é\" 7 ✓", "x".repeat(257), "client-1", "client-1"));
        written.add(null);
        for (int i = 0; i < 20_000; i++) {
            written.add("pod-" + random.nextInt(30_000));
        }

        DataInputDeserializer in = new DataInputDeserializer(write(written));
        for (String name : written) {
            assertThat(serializer.deserialize(in)).isEqualTo(name);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void shouldReadARepeatedNameAsTheSameString() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(write(List.of("run-1|policy|7", "run-1|policy|7")));

        String first = serializer.deserialize(in);

        assertThat(serializer.deserialize(in)).isSameAs(first);
    }

    @Test
    void shouldKeepEveryNameOfAFewHundredStreamsAtOnce() throws IOException {
        // The names of 500 streams of 50 pod pairs: some of them hash to the same slot.
        List<String> names = new ArrayList<>(List.of("node-a", "node-b", "cubic"));
        for (int pod = 0; pod < 50; pod++) {
            names.add("client-" + pod);
            names.add("server-" + pod);
            for (int stream = 0; stream < 10; stream++) {
                names.add("10.1." + pod + ".2:" + (40000 + stream) + "-10.2." + pod + ".2:5201");
            }
        }
        List<String> twice = new ArrayList<>(names);
        twice.addAll(names);
        DataInputDeserializer in = new DataInputDeserializer(write(twice));
        List<String> first = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            first.add(serializer.deserialize(in));
        }

        for (String name : first) {
            assertThat(serializer.deserialize(in)).isSameAs(name);
        }
    }

    @Test
    void shouldCopyWrittenStringsByteForByte() throws IOException {
        byte[] original = write(Arrays.asList("a", null, "", "é"));
        DataInputDeserializer in = new DataInputDeserializer(original);
        DataOutputSerializer copy = new DataOutputSerializer(64);
        for (int i = 0; i < 4; i++) {
            serializer.copy(in, copy);
        }

        assertThat(copy.getCopyOfBuffer()).isEqualTo(original);
    }

    @Test
    void shouldGiveEveryTaskItsOwnAndRestoreFromItsSnapshot() throws IOException {
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

        TypeSerializerSnapshot<String> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isInstanceOf(NameSerializer.class);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    private byte[] write(List<String> names) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (String name : names) {
            serializer.serialize(name, out);
        }
        return out.getCopyOfBuffer();
    }
}
