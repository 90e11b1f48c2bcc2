package io.overlaywatch.jobs;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Flink settings the job's configuration implies. */
class JobConfigTest {

    @Test
    void shouldCheckpointUnalignedUnlessToldNotTo() throws Exception {
        Configuration byDefault = JobConfig.load(null, Map.of());
        Configuration aligned = JobConfig.load(null, Map.of("checkpoint.unaligned", "false"));

        assertThat(byDefault.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(aligned.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
    }

    @Test
    void shouldNameABadBoolean() {
        assertThatThrownBy(() -> JobConfig.load(null, Map.of("checkpoint.unaligned", "sometimes")))
                .isInstanceOf(JobConfig.InvalidConfigException.class)
                .hasMessageContaining("bad value for checkpoint.unaligned: 'sometimes'");
    }
}
