package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * A detected degradation, regression, change, stall, loss or probe failure, or its resolution.
 *
 * @param v          schema version
 * @param time       event time the alert refers to (a step's end, a window's end), epoch milliseconds
 * @param type       what was detected (the record's own {@code kind} is {@code alert})
 * @param status     firing, or resolved when the episode ended
 * @param key        what it is about, stable across an episode: a step or a link, e.g.
 *                   {@code policy/linear/tcp/policies=10000/pods=1} or {@code link node-a>node-b/calico/tcp}
 * @param run        the run it was seen in ({@code live} for continuous probing)
 * @param observed   the observed value (bit/s, %, count: see the reason)
 * @param baseline   the value it is compared with; NaN is not allowed, use 0 when there is none
 * @param changePct  change of observed against baseline, in %
 * @param score      the detector's score: a p-value for regressions, a CUSUM statistic for changes, else 0
 * @param reason     one line a network engineer can act on, with the numbers and what moved most
 */
public record Alert(int v, long time, Type type, Status status, String key, String run, double observed,
                    double baseline, double changePct, double score, String reason) implements WireRecord {

    /** What was detected. */
    public enum Type {
        @JsonProperty("degradation") DEGRADATION,
        @JsonProperty("regression") REGRESSION,
        @JsonProperty("change") CHANGE,
        @JsonProperty("stall") STALL,
        @JsonProperty("loss") LOSS,
        @JsonProperty("probe_error") PROBE_ERROR;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the episode is going on or over. */
    public enum Status {
        @JsonProperty("firing") FIRING,
        @JsonProperty("resolved") RESOLVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Checks.version(problems, v);
        Checks.time(problems, time);
        Checks.present(problems, "type", type);
        Checks.present(problems, "status", status);
        Checks.text(problems, "key", key);
        Checks.text(problems, "run", run);
        Checks.finite(problems, "observed", observed);
        Checks.finite(problems, "baseline", baseline);
        Checks.finite(problems, "changePct", changePct);
        Checks.finite(problems, "score", score);
        Checks.text(problems, "reason", reason);
        return problems;
    }
}
