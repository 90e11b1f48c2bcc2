package io.overlaywatch.agents.sink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillFileTest {

    private static ProducerRecord<byte[], byte[]> record(String topic, long time, String key, String value) {
        return new ProducerRecord<>(topic, null, time, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void shouldGiveRecordsBackOldestFirstWithTopicTimeKeyAndValue(@TempDir Path dir) throws Exception {
        try (SpillFile spill = SpillFile.createIn(dir.resolve("spill"))) {
            spill.append(record("samples", 1_000, "a", "{\"v\":1}"));
            spill.append(record("steps", 2_000, "run-1", "{\"v\":1,\"phase\":\"END\"}"));

            ProducerRecord<byte[], byte[]> first = spill.peek();
            assertThat(first.topic()).isEqualTo("samples");
            assertThat(first.timestamp()).isEqualTo(1_000);
            assertThat(text(first.key())).isEqualTo("a");
            assertThat(text(first.value())).isEqualTo("{\"v\":1}");
            // peek does not take: the same record again until it is removed.
            assertThat(text(spill.peek().key())).isEqualTo("a");

            spill.remove();
            spill.append(record("samples", 3_000, "b", "x"));
            assertThat(spill.pending()).isEqualTo(2);
            assertThat(spill.peek().topic()).isEqualTo("steps");
            spill.remove();
            assertThat(text(spill.peek().value())).isEqualTo("x");
            spill.remove();
            assertThat(spill.peek()).isNull();
        }
    }

    @Test
    void shouldCutTheFileBackWhenEmptyAndDeleteItOnCloseOnlyWhenEmpty(@TempDir Path dir) throws Exception {
        SpillFile spill = SpillFile.createIn(dir);
        spill.append(record("samples", 1, "k", "v".repeat(1000)));
        assertThat(Files.size(spill.path())).isGreaterThan(1000);
        spill.remove();
        assertThat(spill.size()).isZero();
        assertThat(Files.size(spill.path())).isZero();
        assertThatThrownBy(spill::remove).isInstanceOf(IllegalStateException.class).hasMessageContaining("empty");
        spill.close();
        assertThat(spill.path()).doesNotExist();

        SpillFile kept = SpillFile.createIn(dir);
        kept.append(record("samples", 1, "k", "v"));
        kept.close();
        assertThat(kept.path()).exists();
    }
}
