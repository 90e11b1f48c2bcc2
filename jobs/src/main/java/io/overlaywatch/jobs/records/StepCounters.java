package io.overlaywatch.jobs.records;

import java.util.List;

/**
 * A step's summary with the counters that moved most during the step.
 *
 * @param summary the step's summary
 * @param top     the counters that moved most, largest relative change first; empty when none moved or none was read
 */
public record StepCounters(StepSummary summary, List<CounterDelta> top) {

    public StepCounters {
        top = List.copyOf(top);
    }
}
