package io.overlaywatch.agents.sink;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records waiting on disk for Kafka, oldest first: appended at the end, taken from the front. Not
 * thread-safe. It outlives a broker outage, not the agent: nothing is forced to disk, and a new agent
 * starts its own file.
 */
final class SpillFile implements AutoCloseable {

    private final Path path;
    private final RandomAccessFile file;
    private long readPosition;
    private long writePosition;
    private long pending;

    private SpillFile(Path path) throws IOException {
        this.path = path;
        this.file = new RandomAccessFile(path.toFile(), "rw");
    }

    /** Creates a new, empty spill file in {@code dir}; fails at once when the folder is not writable. */
    static SpillFile createIn(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new SpillFile(Files.createTempFile(dir, "overlaywatch-spill-", ".bin"));
    }

    /** Appends one record behind all the others. */
    void append(ProducerRecord<byte[], byte[]> record) throws IOException {
        file.seek(writePosition);
        file.writeUTF(record.topic());
        file.writeLong(record.timestamp());
        writeBytes(record.key());
        writeBytes(record.value());
        writePosition = file.getFilePointer();
        pending++;
    }

    private void writeBytes(byte[] bytes) throws IOException {
        file.writeInt(bytes.length);
        file.write(bytes);
    }

    /** The oldest record, without taking it; null when there is none. */
    ProducerRecord<byte[], byte[]> peek() throws IOException {
        if (pending == 0) {
            return null;
        }
        file.seek(readPosition);
        String topic = file.readUTF();
        long timestamp = file.readLong();
        byte[] key = readBytes();
        byte[] value = readBytes();
        return new ProducerRecord<>(topic, null, timestamp, key, value);
    }

    private byte[] readBytes() throws IOException {
        byte[] bytes = new byte[file.readInt()];
        file.readFully(bytes);
        return bytes;
    }

    /** Takes the record {@link #peek()} returned; an empty file is cut back to nothing, so it cannot grow for ever. */
    void remove() throws IOException {
        if (pending == 0) {
            throw new IllegalStateException("the spill file " + path + " is empty");
        }
        file.seek(readPosition);
        file.readUTF();
        file.readLong();
        file.skipBytes(file.readInt());
        file.skipBytes(file.readInt());
        readPosition = file.getFilePointer();
        pending--;
        if (pending == 0) {
            file.setLength(0);
            readPosition = 0;
            writePosition = 0;
        }
    }

    /** Records appended and not yet taken. */
    long pending() {
        return pending;
    }

    /** Bytes on disk, for tests and logs. */
    long size() {
        return writePosition;
    }

    Path path() {
        return path;
    }

    /** Closes the file; an empty one is deleted, one with records stays for a person to look at. */
    @Override
    public void close() throws IOException {
        file.close();
        if (pending == 0) {
            Files.deleteIfExists(path);
        }
    }
}
