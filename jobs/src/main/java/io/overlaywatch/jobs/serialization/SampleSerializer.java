package io.overlaywatch.jobs.serialization;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Writes a {@link Sample} field by field and builds it with its constructor. Flink's record serializer reads and
 * sets each field by reflection and boxes every value: a sample crosses two shuffles, and that was a fifth of the
 * job's per-sample cost. Enums go as their ordinal, the nullable measurements behind one byte of presence bits.
 * Names go through a {@link NameSerializer}, which remembers them, so each task needs its own instance. Changing the
 * layout (or the order of an enum's constants) needs a new snapshot version.
 */
public final class SampleSerializer extends TypeSerializer<Sample> {

    private static final long serialVersionUID = 1L;

    private static final Side[] SIDES = Side.values();
    private static final Scenario[] SCENARIOS = Scenario.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();

    private final NameSerializer names = new NameSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Sample> duplicate() {
        return new SampleSerializer();
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
        names.serialize(step.run(), out);
        out.writeByte(step.scenario().ordinal());
        names.serialize(step.cni(), out);
        out.writeByte(step.protocol().ordinal());
        out.writeInt(step.index());
        out.writeInt(step.policies());
        out.writeInt(step.pods());
        out.writeInt(step.repetition());
        out.writeByte(s.side().ordinal());
        names.serialize(s.clientPod(), out);
        names.serialize(s.serverPod(), out);
        names.serialize(s.srcNode(), out);
        names.serialize(s.dstNode(), out);
        names.serialize(s.stream(), out);
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
        names.serialize(s.congestion(), out);
        names.serialize(s.affinity(), out);
    }

    @Override
    public Sample deserialize(DataInputView in) throws IOException {
        int v = in.readInt();
        long time = in.readLong();
        StepKey step = new StepKey(names.deserialize(in), SCENARIOS[in.readByte()], names.deserialize(in),
                PROTOCOLS[in.readByte()], in.readInt(), in.readInt(), in.readInt(), in.readInt());
        Side side = SIDES[in.readByte()];
        String clientPod = names.deserialize(in);
        String serverPod = names.deserialize(in);
        String srcNode = names.deserialize(in);
        String dstNode = names.deserialize(in);
        String stream = names.deserialize(in);
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
                names.deserialize(in), names.deserialize(in));
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

    private static void writeIfPresent(Long value, DataOutputView out) throws IOException {
        if (value != null) {
            out.writeLong(value);
        }
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof SampleSerializer;
    }

    @Override
    public int hashCode() {
        return SampleSerializer.class.hashCode();
    }

    /** Restores a new serializer: the layout has no parameters. */
    public static final class SampleSerializerSnapshot extends SimpleTypeSerializerSnapshot<Sample> {
        public SampleSerializerSnapshot() {
            super(SampleSerializer::new);
        }
    }
}
