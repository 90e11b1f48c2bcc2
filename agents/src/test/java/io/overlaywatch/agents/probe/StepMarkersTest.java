package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StepMarkersTest {

    private static final StepKey STEP = new StepKey("r", Scenario.DEMO, "loopback", Protocol.TCP, 0, 0, 1, 1);

    @Test
    void shouldSendStartWithThePlannedAndEndWithTheMeasuredDurationOnce() {
        CollectingSink sink = new CollectingSink();
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        StepMarkers markers = new StepMarkers(sink, now::get);

        StepMarkers.OpenStep open = markers.begin(STEP, Duration.ofSeconds(10));
        now.addAndGet(12_500);
        open.close();
        open.close();

        assertThat(sink.records()).containsExactly(
                new StepMarker(WireRecord.VERSION, 1_700_000_000_000L, STEP, StepMarker.Phase.START, 10.0),
                new StepMarker(WireRecord.VERSION, 1_700_000_012_500L, STEP, StepMarker.Phase.END, 12.5));
        assertThat(sink.records()).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    }
}
