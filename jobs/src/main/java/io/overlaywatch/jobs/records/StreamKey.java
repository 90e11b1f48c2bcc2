package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;

import java.util.Objects;

/**
 * What deduplication and the stall detector are keyed by: a sample's stream (the fields of
 * {@link Sample#partitionKey()}, its key on Kafka). Its parts, not that string: building and hashing the string
 * for every keyed operator a sample passes was a tenth of the deduplication task, while the parts' own hashes
 * are computed once per name. Records other than samples are only spread by it, by what they are about.
 */
public record StreamKey(String run, String clientPod, Side side, String stream) {

    public static StreamKey of(Sample sample) {
        return new StreamKey(sample.step().run(), sample.clientPod(), sample.side(), sample.stream());
    }

    /** The key of a record that is not a sample: {@code about} names what it is about (a run, a node). */
    public static StreamKey other(String about) {
        return new StreamKey(about, "", null, "");
    }

    /** Flink picks a key's task from its hash: the side by its position, as an enum's own hash differs by JVM. */
    @Override
    public int hashCode() {
        return ((Objects.hashCode(run) * 31 + Objects.hashCode(clientPod)) * 31 + (side == null ? -1 : side.ordinal()))
                * 31 + Objects.hashCode(stream);
    }
}
