package io.overlaywatch.jobs.serialization;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings as their UTF-8 bytes after their count (-1 for null), read back as one instance per distinct value. The
 * names a sample carries (run, pods, nodes, stream, the step key) repeat from record to record: a new String for
 * each read was garbage, and its hash was computed again by every keyed operator and state lookup; a remembered
 * one was hashed once. Flink's StringValue goes char by char through a thread-local buffer, which cost more than
 * the JDK's decoder does for these ASCII names.
 *
 * <p>The remembered names are per instance, so each task has its own ({@link #duplicate()}); the table has a fixed
 * number of slots, so the memory is bounded whatever the names.
 */
public final class NameSerializer extends TypeSerializer<String> {

    private static final long serialVersionUID = 1L;

    private static final int SLOT_BITS = 12;
    private static final int SLOTS = 1 << SLOT_BITS;
    /** How many slots from its own a name may take: about a thousand names fit before one replaces another. */
    private static final int PROBES = 8;
    /** Longer strings are not names; they are read without being remembered. */
    private static final int LONGEST_NAME = 256;

    private transient byte[][] bytes;
    private transient String[] names;
    private transient byte[] scratch;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<String> duplicate() {
        return new NameSerializer();
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > LONGEST_NAME) {
            byte[] utf8 = new byte[length];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
        if (names == null) {
            bytes = new byte[SLOTS][];
            names = new String[SLOTS];
            scratch = new byte[LONGEST_NAME];
        }
        in.readFully(scratch, 0, length);
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + scratch[i];
        }
        // The top bits of a Fibonacci hash: the low bits of names that differ in a digit or two lie close together.
        int home = (hash * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
        // A name goes in the first free slot of a short run from its own. With one slot each, two names that hashed
        // alike (3 pairs of the benchmark's 123 names) pushed each other out, a new String at every other read.
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = (home + probe) & (SLOTS - 1);
            byte[] known = bytes[slot];
            if (known == null) {
                return remember(slot, length);
            }
            if (known.length == length && Arrays.equals(known, 0, length, scratch, 0, length)) {
                return names[slot];
            }
        }
        // The run is full (not below about a thousand names): the newest name takes the first slot, kept simple.
        return remember(home, length);
    }

    private String remember(int slot, int length) {
        byte[] utf8 = Arrays.copyOf(scratch, length);
        String name = new String(utf8, StandardCharsets.UTF_8);
        bytes[slot] = utf8;
        names[slot] = name;
        return name;
    }

    @Override
    public String deserialize(String reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        int length = in.readInt();
        out.writeInt(length);
        if (length > 0) {
            out.write(in, length);
        }
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof NameSerializer;
    }

    @Override
    public int hashCode() {
        return NameSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new NameSerializerSnapshot();
    }

    /** Restores a new serializer: the layout has no parameters. */
    public static final class NameSerializerSnapshot extends SimpleTypeSerializerSnapshot<String> {
        public NameSerializerSnapshot() {
            super(NameSerializer::new);
        }
    }
}
