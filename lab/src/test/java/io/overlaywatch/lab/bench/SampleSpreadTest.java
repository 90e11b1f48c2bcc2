package io.overlaywatch.lab.bench;

import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepMarker;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleSpreadTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void shouldSpreadValidSamplesOverRunsStepsPodsAndStreamsInEventTimeOrder() {
        SampleSpread spread = new SampleSpread(2, 3, 2, 2, 2 * 3 * 2 * 2 * 4, "b", T0);
        Set<String> streams = new HashSet<>();
        Set<String> steps = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (long i = 0; i < spread.samples(); i++) {
            Sample s = spread.sample(i);
            assertThat(s.problems()).isEmpty();
            assertThat(s.time()).isGreaterThanOrEqualTo(previous);
            previous = s.time();
            streams.add(s.partitionKey());
            steps.add(s.step().run() + "/" + s.step().index());
        }

        assertThat(steps).hasSize(6);
        assertThat(streams).hasSize(2 * 2 * 2); // one stream keeps its key across the steps of its run
        assertThat(spread.sample(0).step().index()).isZero();
        assertThat(spread.sample(spread.samples() - 1).step().index()).isEqualTo(2);
    }

    @Test
    void shouldEndEachStepWithItsLastSample() {
        SampleSpread spread = new SampleSpread(1, 2, 1, 1, 10, "b", T0);

        StepMarker end = spread.marker(0, 0, true);
        StepMarker start = spread.marker(0, 0, false);

        assertThat(end.problems()).isEmpty();
        assertThat(end.time()).isEqualTo(spread.sample(4).time());
        assertThat(spread.sample(5).step().index()).isEqualTo(1);
        assertThat(start.time()).isLessThan(spread.sample(0).time());
        assertThat(spread.marker(0, 1, true).time()).isEqualTo(spread.sample(9).time());
    }

    @Test
    void shouldRefuseFewerSamplesThanStreams() {
        assertThatThrownBy(() -> new SampleSpread(2, 25, 10, 10, 4999, "b", T0))
                .hasMessageContaining("less than one interval per stream");
    }
}
