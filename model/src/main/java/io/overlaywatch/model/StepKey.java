package io.overlaywatch.model;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of a run: the unit that samples are aggregated over.
 *
 * @param run        the run id, chosen by whoever starts the run
 * @param scenario   which experiment
 * @param cni        the CNI or lab profile measured
 * @param protocol   TCP or UDP
 * @param index      position of the step within the run, from 0
 * @param policies   number of NetworkPolicies (or lab rules) in force
 * @param pods       number of concurrent client/server pod pairs
 * @param repetition repetition of the same step, from 1
 */
public record StepKey(String run, Scenario scenario, String cni, Protocol protocol,
                      int index, int policies, int pods, int repetition) {

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Checks.name(problems, "step.run", run);
        Checks.present(problems, "step.scenario", scenario);
        Checks.name(problems, "step.cni", cni);
        Checks.present(problems, "step.protocol", protocol);
        Checks.nonNegative(problems, "step.index", index);
        Checks.nonNegative(problems, "step.policies", policies);
        if (pods < 1) {
            problems.add("step.pods must be at least 1, was " + pods);
        }
        if (repetition < 1) {
            problems.add("step.repetition must be at least 1, was " + repetition);
        }
        return problems;
    }
}
