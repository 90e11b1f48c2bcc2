package io.overlaywatch.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One reading of a counter of a node or of the CNI: interface bytes and drops, TCP retransmits,
 * UDP receive errors, policy rules in force.
 *
 * @param v      schema version
 * @param time   when it was read, epoch milliseconds
 * @param run    the run it was read for, or {@code live} for continuous collection
 * @param node   node (or lab namespace) it was read on
 * @param source what it was read from: {@code netdev}, {@code snmp}, {@code netstat}, {@code rules}, {@code felix}, {@code cilium}
 * @param name   counter name within the source, e.g. {@code rx_bytes}, {@code Tcp_RetransSegs}
 * @param labels further dimensions, e.g. {@code interface}; empty when none
 * @param value  the reading (cumulative counters keep growing; deltas are the job's business)
 */
public record Counter(int v, long time, String run, String node, String source, String name,
                      Map<String, String> labels, double value) implements WireRecord {

    public Counter {
        labels = labels == null ? null : Map.copyOf(labels);
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Checks.version(problems, v);
        Checks.time(problems, time);
        Checks.notAhead(problems, time);
        Checks.name(problems, "run", run);
        Checks.name(problems, "node", node);
        Checks.name(problems, "source", source);
        Checks.name(problems, "name", name);
        Checks.present(problems, "labels", labels);
        if (labels != null) {
            labels.forEach((key, value) -> {
                Checks.notTooLong(problems, "label name", key);
                Checks.tagSafe(problems, "label name", key);
                Checks.tagSafe(problems, "label value", value);
                Checks.notTooLong(problems, "label " + (key.length() > 40 ? key.substring(0, 40) + "..." : key), value);
            });
        }
        Checks.nonNegative(problems, "value", value);
        return problems;
    }
}
