package io.overlaywatch.lab.sweep;

import io.overlaywatch.agents.counters.CounterCollector;
import io.overlaywatch.agents.counters.CounterSources;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.lab.net.AppliedPolicies;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.net.Encapsulation;
import io.overlaywatch.lab.net.LabTopology;
import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.lab.net.TopologySpec;
import io.overlaywatch.lab.report.ProgressBar;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sweep driver of the lab: for each profile it builds the topology, and for each point,
 * protocol and repetition it loads the policies, marks the step and runs its probes through
 * the pipeline. Before and after every step it reads the nodes' counters (interfaces, TCP and UDP,
 * IP reassembly) and the rules in force into the counters topic.
 * A failed step is recorded with its reason; the sweep goes on unless told to stop.
 */
public final class SweepRunner {

    /** A step that failed, and why. */
    public record FailedStep(StepKey step, String reason) {
    }

    private final SweepSettings settings;
    private final LocalPipeline pipeline;
    private final String prefix;
    private final PrintStream log;
    private final ProgressBar progress;
    private final List<FailedStep> failed = new ArrayList<>();
    private final List<StepKey> done = new ArrayList<>();

    public SweepRunner(SweepSettings settings, LocalPipeline pipeline, String prefix, PrintStream log,
                       ProgressBar progress) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.prefix = prefix;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Runs every step of the sweep under the run id, numbering them from {@code firstIndex} (step
     * numbers are unique within a run); returns the steps that completed.
     */
    public List<StepKey> run(String runId, int firstIndex) throws Exception {
        StepMarkers markers = new StepMarkers(pipeline.sink());
        int index = firstIndex;
        for (PolicyProfile profile : settings.profiles()) {
            Encapsulation encapsulation = settings.encapsulation() != null
                    ? settings.encapsulation() : profile.defaultEncapsulation();
            log.println(profile.description());
            try (LabTopology topology = LabTopology.create(new TopologySpec(prefix, settings.pairs(), encapsulation,
                    settings.lowerMtu(), settings.ipipFallback()))) {
                StepProbes probes = new StepProbes(topology, settings, pipeline.sink());
                List<CounterCollector> counters = List.of(
                        new CounterCollector(runId, topology.nodeA(),
                                CounterSources.netns(topology.nodeA(), CounterSources.DEFAULT_TIMEOUT), pipeline.sink()),
                        new CounterCollector(runId, topology.nodeB(),
                                CounterSources.netns(topology.nodeB(), CounterSources.DEFAULT_TIMEOUT), pipeline.sink()));
                for (int point : settings.points()) {
                    int policies = settings.scenario() == Scenario.POLICY ? point : settings.policies();
                    int pairs = settings.scenario() == Scenario.POD ? point : 1;
                    for (Protocol protocol : settings.protocols()) {
                        AppliedPolicies applied = topology.applyPolicies(profile, policies, protocol, StepProbes.PORT);
                        for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
                            StepKey step = new StepKey(runId, settings.scenario(), profile.wireName(), protocol,
                                    index++, policies, pairs, repetition);
                            progress.start(describe(step, topology));
                            sendRules(runId, topology, applied);
                            counters.forEach(CounterCollector::collectOnce);
                            runStep(step, pairs, probes, markers);
                            counters.forEach(CounterCollector::collectOnce);
                            progress.finish();
                            if (!failed.isEmpty() && settings.stopOnFailure()) {
                                return List.copyOf(done);
                            }
                        }
                    }
                }
            }
        }
        return List.copyOf(done);
    }

    private void runStep(StepKey step, int pairs, StepProbes probes, StepMarkers markers) throws Exception {
        List<String> failures;
        try (StepMarkers.OpenStep open = markers.begin(step, Duration.ofSeconds(settings.durationSeconds()))) {
            failures = probes.run(step, pairs);
            // The samples reach the broker before the end marker that lets the job close the step.
            pipeline.sink().flush();
        }
        if (failures.isEmpty()) {
            done.add(step);
        } else {
            String reason = String.join("; ", failures);
            failed.add(new FailedStep(step, reason));
            log.println("step " + step.index() + " failed: " + reason);
        }
    }

    /** The rules (and set elements) in force on the server's node, as the job's counter deltas will want them. */
    private void sendRules(String runId, LabTopology topology, AppliedPolicies applied) {
        long now = System.currentTimeMillis();
        Map<String, String> labels = Map.of("profile", applied.profile().wireName());
        pipeline.sink().send(new Counter(Counter.VERSION, now, runId, topology.nodeB(), "rules", "policy_rules",
                labels, applied.rules()));
        pipeline.sink().send(new Counter(Counter.VERSION, now, runId, topology.nodeB(), "rules", "set_elements",
                labels, applied.setElements()));
    }

    private static String describe(StepKey step, LabTopology topology) {
        return String.format("%s %s, %d policies, %d pair%s, repetition %d (%s)", step.cni(),
                step.protocol().wireName(), step.policies(), step.pods(), step.pods() == 1 ? "" : "s",
                step.repetition(), topology.encapsulation().wireName());
    }

    /** The steps that failed, with their reasons. */
    public List<FailedStep> failed() {
        return List.copyOf(failed);
    }
}
