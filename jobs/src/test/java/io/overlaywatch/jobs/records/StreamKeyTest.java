package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamKeyTest {

    private static final StreamKey KEY = new StreamKey("run-1", "client-3", Side.SENDER, "5");

    @Test
    void shouldBeEqualForEqualPartsWhateverTheirInstances() {
        StreamKey copy = new StreamKey(new String("run-1"), new String("client-3"), Side.SENDER, new String("5"));

        assertThat(copy).isEqualTo(KEY).hasSameHashCodeAs(KEY);
    }

    @Test
    void shouldTellApartKeysThatDifferInAnyPart() {
        List<StreamKey> others = List.of(new StreamKey("run-2", "client-3", Side.SENDER, "5"),
                new StreamKey("run-1", "client-4", Side.SENDER, "5"), new StreamKey("run-1", "client-3", Side.RECEIVER, "5"),
                new StreamKey("run-1", "client-3", Side.SENDER, "6"), StreamKey.other("run-1"));

        assertThat(others).allSatisfy(other -> assertThat(other).isNotEqualTo(KEY));
    }

    /** Key groups come from the hash, so it must be the same in every JVM: no identity hash of the enum in it. */
    @Test
    void shouldHashByTheValuesOfItsPartsOnly() {
        int expected = (("run-1".hashCode() * 31 + "client-3".hashCode()) * 31 + Side.SENDER.ordinal()) * 31
                + "5".hashCode();

        assertThat(KEY.hashCode()).isEqualTo(expected);
        assertThat(StreamKey.other("node-a").hashCode()).isEqualTo(
                (("node-a".hashCode() * 31 + "".hashCode()) * 31 - 1) * 31 + "".hashCode());
    }
}
