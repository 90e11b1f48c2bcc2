package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;

/**
 * A sample or an end-of-step marker, addressed to the (step, side) it belongs to.
 *
 * @param key    the aggregation key, see {@link #keyOf(StepKey, Side)}
 * @param side   which end's samples this key aggregates
 * @param sample the sample, or null for a marker
 * @param marker the step's end marker, or null for a sample
 */
public record StepEvent(String key, Side side, Sample sample, StepMarker marker) {

    public static StepEvent of(Sample sample) {
        return new StepEvent(keyOf(sample.step(), sample.side()), sample.side(), sample, null);
    }

    public static StepEvent of(StepMarker marker, Side side) {
        return new StepEvent(keyOf(marker.step(), side), side, null, marker);
    }

    /**
     * A string key, because a record holding enums hashes by identity and would land on
     * different key groups in different JVMs.
     */
    public static String keyOf(StepKey step, Side side) {
        return step.run() + '|' + step.scenario().wireName() + '|' + step.cni() + '|' + step.protocol().wireName()
                + '|' + step.index() + '|' + step.policies() + '|' + step.pods() + '|' + step.repetition() + '|'
                + side.wireName();
    }
}
