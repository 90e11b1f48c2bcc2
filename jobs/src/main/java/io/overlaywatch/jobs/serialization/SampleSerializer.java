package io.overlaywatch.jobs.serialization;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Sample} field by field and builds it with its constructor. Flink's record serializer reads and
 * sets each field by reflection and boxes every value: a sample crosses two shuffles, and that was a fifth of the
 * job's per-sample cost. Enums go as their ordinal, the nullable measurements behind one byte of presence bits.
 * Changing the layout (or the order of an enum's constants) needs a new snapshot version.
 */
public final class SampleSerializer extends TypeSerializerSingleton<Sample> {

    private static final long serialVersionUID = 1L;

    public static final SampleSerializer INSTANCE = new SampleSerializer();

    private static final Side[] SIDES = Side.values();
    private static final Scenario[] SCENARIOS = Scenario.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Sample createInstance() {
        return null;
    }

    @Override
    public Sample copy(Sample from) {
        return from;
    }

    @Override
    public Sample copy(Sample from, Sample reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Sample s, DataOutputView out) throws IOException {
        out.writeInt(s.v());
        out.writeLong(s.time());
        StepKey step = s.step();
        writeString(step.run(), out);
        out.writeByte(step.scenario().ordinal());
        writeString(step.cni(), out);
        out.writeByte(step.protocol().ordinal());
        out.writeInt(step.index());
        out.writeInt(step.policies());
        out.writeInt(step.pods());
        out.writeInt(step.repetition());
        out.writeByte(s.side().ordinal());
        writeString(s.clientPod(), out);
        writeString(s.serverPod(), out);
        writeString(s.srcNode(), out);
        writeString(s.dstNode(), out);
        writeString(s.stream(), out);
        out.writeBoolean(s.sum());
        out.writeDouble(s.start());
        out.writeDouble(s.end());
        out.writeBoolean(s.omitted());
        out.writeLong(s.bytes());
        out.writeDouble(s.bitsPerSecond());
        out.writeByte(presence(s));
        writeIfPresent(s.retransmits(), out);
        writeIfPresent(s.cwndBytes(), out);
        writeIfPresent(s.rttMicros(), out);
        if (s.jitterMs() != null) {
            out.writeDouble(s.jitterMs());
        }
        writeIfPresent(s.lost(), out);
        writeIfPresent(s.packets(), out);
        writeString(s.congestion(), out);
        writeString(s.affinity(), out);
    }

    @Override
    public Sample deserialize(DataInputView in) throws IOException {
        int v = in.readInt();
        long time = in.readLong();
        StepKey step = new StepKey(readString(in), SCENARIOS[in.readByte()], readString(in),
                PROTOCOLS[in.readByte()], in.readInt(), in.readInt(), in.readInt(), in.readInt());
        Side side = SIDES[in.readByte()];
        String clientPod = readString(in);
        String serverPod = readString(in);
        String srcNode = readString(in);
        String dstNode = readString(in);
        String stream = readString(in);
        boolean sum = in.readBoolean();
        double start = in.readDouble();
        double end = in.readDouble();
        boolean omitted = in.readBoolean();
        long bytes = in.readLong();
        double bitsPerSecond = in.readDouble();
        int present = in.readByte();
        Long retransmits = (present & 1) != 0 ? in.readLong() : null;
        Long cwndBytes = (present & 2) != 0 ? in.readLong() : null;
        Long rttMicros = (present & 4) != 0 ? in.readLong() : null;
        Double jitterMs = (present & 8) != 0 ? in.readDouble() : null;
        Long lost = (present & 16) != 0 ? in.readLong() : null;
        Long packets = (present & 32) != 0 ? in.readLong() : null;
        return new Sample(v, time, step, side, clientPod, serverPod, srcNode, dstNode, stream, sum, start, end,
                omitted, bytes, bitsPerSecond, retransmits, cwndBytes, rttMicros, jitterMs, lost, packets,
                readString(in), readString(in));
    }

    @Override
    public Sample deserialize(Sample reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<Sample> snapshotConfiguration() {
        return new SampleSerializerSnapshot();
    }

    private static int presence(Sample s) {
        return (s.retransmits() != null ? 1 : 0) | (s.cwndBytes() != null ? 2 : 0) | (s.rttMicros() != null ? 4 : 0)
                | (s.jitterMs() != null ? 8 : 0) | (s.lost() != null ? 16 : 0) | (s.packets() != null ? 32 : 0);
    }

    /**
     * A string as its UTF-8 bytes after their count, -1 for null: Flink's StringValue goes char by char through a
     * thread-local buffer, which cost more than the JDK's encoder and decoder do for the ASCII names here.
     */
    private static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeIfPresent(Long value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeLong(value);
        }
    }

    /** Restores the one serializer there is. */
    public static final class SampleSerializerSnapshot extends SimpleTypeSerializerSnapshot<Sample> {
        public SampleSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
