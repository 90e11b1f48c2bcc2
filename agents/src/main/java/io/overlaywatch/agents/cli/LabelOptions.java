package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** The labels every record carries: run, step and both ends. */
public class LabelOptions {

    /** The CNI when none is named; with --kubernetes, the cluster observer's view names it instead. */
    static final String DEFAULT_CNI = "unknown";

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(validate = false, heading = "%nLabels (carried by every record):%n", order = 10)
    Values values = new Values();

    /** The options; a group so that help shows them under one heading. */
    static final class Values {

        @Option(names = "--run", paramLabel = "ID", order = 11,
                description = "Run id shared by all agents of one run (default: a new id such as "
                        + "run-20260101-120000-1a2b; parse: 'parse').")
        String run;

        @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "live", converter = ScenarioConverter.class,
                order = 12, description = "Experiment: policy, pod, live or demo (default: ${DEFAULT-VALUE}).")
        Scenario scenario = Scenario.LIVE;

        @Option(names = "--cni", paramLabel = "NAME", defaultValue = DEFAULT_CNI, order = 13,
                description = "CNI or lab profile measured (default: ${DEFAULT-VALUE}; with --kubernetes, the one the "
                        + "cluster observer detected, e.g. cilium-v1.15.3).")
        String cni = DEFAULT_CNI;

        @Option(names = "--step", paramLabel = "INDEX", defaultValue = "0", order = 14,
                description = "Position of the step in the run, from 0 (default: ${DEFAULT-VALUE}).")
        int step;

        @Option(names = "--policies", paramLabel = "N", defaultValue = "0", order = 15,
                description = "NetworkPolicies (or lab rules) in force (default: ${DEFAULT-VALUE}).")
        int policies;

        @Option(names = "--pods", paramLabel = "N", defaultValue = "1", order = 16,
                description = "Concurrent client/server pairs (default: ${DEFAULT-VALUE}).")
        int pods = 1;

        @Option(names = "--repetition", paramLabel = "N", defaultValue = "1", order = 17,
                description = "Repetition of the same step, from 1 (default: ${DEFAULT-VALUE}).")
        int repetition = 1;

        @Option(names = "--client-pod", paramLabel = "NAME", order = 18,
                description = "The iperf3 client (default: this host's name).")
        String clientPod;

        @Option(names = "--server-pod", paramLabel = "NAME", order = 19,
                description = "The iperf3 server (default: this host's name).")
        String serverPod;

        @Option(names = "--src-node", paramLabel = "NAME", order = 20,
                description = "Node of the client (default: this host's name).")
        String srcNode;

        @Option(names = "--dst-node", paramLabel = "NAME", order = 21,
                description = "Node of the server (default: this host's name).")
        String dstNode;
    }

    /** The labels, with a run id made up when none was given and {@code defaultRun} is null. */
    public ProbeLabels labels(String defaultRun, Protocol protocol, String congestion, String affinity) {
        validate();
        Values v = values;
        String runId = v.run != null ? v.run : defaultRun != null ? defaultRun : newRunId();
        StepKey key = new StepKey(runId, v.scenario, v.cni, protocol, v.step, v.policies, v.pods, v.repetition);
        String host = null;
        if (v.clientPod == null || v.serverPod == null || v.srcNode == null || v.dstNode == null) {
            host = HostNames.local();
        }
        return new ProbeLabels(key, orElse(v.clientPod, host), orElse(v.serverPod, host),
                orElse(v.srcNode, host), orElse(v.dstNode, host), blankToNull(congestion), blankToNull(affinity));
    }

    void validate() {
        Values v = values;
        requireText("--run", v.run);
        requireText("--cni", v.cni);
        requireText("--client-pod", v.clientPod);
        requireText("--server-pod", v.serverPod);
        requireText("--src-node", v.srcNode);
        requireText("--dst-node", v.dstNode);
        atLeast("--step", v.step, 0);
        atLeast("--policies", v.policies, 0);
        atLeast("--pods", v.pods, 1);
        atLeast("--repetition", v.repetition, 1);
    }

    /** A new run id such as {@code run-20260101-120000-1a2b}: lower case, so it fits Kubernetes names and labels. */
    public static String newRunId() {
        return "run-" + ZonedDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-"
                + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000));
    }

    private void requireText(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': must not be blank");
        }
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(mixee.commandLine(),
                    "Invalid value for option '" + option + "': must be at least " + min + ", was " + value);
        }
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
