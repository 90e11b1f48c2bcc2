package io.overlaywatch.agents.probe;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Sends the START and END markers of a step, so that the job can close the step at once. */
public final class StepMarkers {

    private final RecordSink sink;
    private final LongSupplier clock;

    public StepMarkers(RecordSink sink) {
        this(sink, System::currentTimeMillis);
    }

    public StepMarkers(RecordSink sink, LongSupplier clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends START with the planned duration. */
    public StepMarker start(StepKey step, Duration planned) {
        return send(step, StepMarker.Phase.START, planned);
    }

    /** Sends END with the actual duration. */
    public StepMarker end(StepKey step, Duration actual) {
        return send(step, StepMarker.Phase.END, actual);
    }

    /** Sends START now and END, with the measured duration, when the returned step is closed. */
    public OpenStep begin(StepKey step, Duration planned) {
        StepMarker start = start(step, planned);
        return new OpenStep(step, start.time());
    }

    private StepMarker send(StepKey step, StepMarker.Phase phase, Duration duration) {
        StepMarker marker = new StepMarker(WireRecord.VERSION, clock.getAsLong(), step, phase,
                Math.max(0, duration.toMillis()) / 1000.0);
        sink.send(marker);
        return marker;
    }

    /** A step whose START was sent; closing it sends the END once. */
    public final class OpenStep implements AutoCloseable {

        private final StepKey step;
        private final long startedAt;
        private boolean ended;

        private OpenStep(StepKey step, long startedAt) {
            this.step = step;
            this.startedAt = startedAt;
        }

        public StepKey step() {
            return step;
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                end(step, Duration.ofMillis(clock.getAsLong() - startedAt));
            }
        }
    }
}
