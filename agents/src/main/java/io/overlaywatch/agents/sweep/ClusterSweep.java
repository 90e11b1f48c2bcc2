package io.overlaywatch.agents.sweep;

import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep driver on a cluster: for each point it brings the policies and the pods to the step's numbers, waits
 * until the pods are ready and the policies programmed (a settle time, or a CNI counter), then runs each protocol and repetition as one command to
 * every client at once, between a START and an END marker. A failed step is recorded with its reason; the sweep goes
 * on unless told to stop.
 */
public final class ClusterSweep {

    /** A step that failed, and why. */
    public record FailedStep(StepKey step, String reason) {
    }

    /** The steps that ran to the end and those that failed. */
    public record Result(List<StepKey> done, List<FailedStep> failed) {
    }

    private final ClusterSweepSettings settings;
    private final PolicySet policies;
    private final Workloads workloads;
    private final StepControl control;
    private final ProgrammedWait programmed;
    private final StepMarkers markers;
    private final PrintStream log;

    ClusterSweep(ClusterSweepSettings settings, PolicySet policies, Workloads workloads, StepControl control,
                 ProgrammedWait programmed, StepMarkers markers, PrintStream log) {
        this.settings = settings;
        this.policies = policies;
        this.workloads = workloads;
        this.control = control;
        this.programmed = programmed;
        this.markers = markers;
        this.log = log;
    }

    /** Runs every step; a Kubernetes or Kafka error ends the sweep with an exception, after which the caller cleans up. */
    public Result run() throws InterruptedException {
        List<StepKey> done = new ArrayList<>();
        List<FailedStep> failed = new ArrayList<>();
        long started = System.nanoTime();
        int index = 0;
        for (int point : settings.points()) {
            int count = settings.policiesAt(point);
            int pairs = settings.pairsAt(point);
            long changedAt = System.currentTimeMillis();
            int changed = policies.bringTo(count);
            workloads.scale(pairs);
            log.printf(Locale.ROOT, "%s (%d changed), %s: waiting for the pods%s%n",
                    count(count, "policy", "policies"), changed, count(pairs, "pod pair", "pod pairs"),
                    changed > 0 ? " and the policies to be programmed" : "");
            Workloads.ReadyPairs ready = workloads.awaitReady(pairs, settings.readyTimeout());
            if (changed > 0) {
                programmed.await(count, changedAt);
            }
            for (Protocol protocol : settings.protocols()) {
                for (int repetition = 1; repetition <= settings.repetitions(); repetition++) {
                    StepKey step = new StepKey(settings.run(), settings.scenario(), settings.cni(), protocol, index++,
                            count, pairs, repetition);
                    log.printf(Locale.ROOT, "step %d/%d: %s, %s, %s, repetition %d (elapsed %d s)%n",
                            index, settings.stepCount(), count(count, "policy", "policies"),
                            count(pairs, "pair", "pairs"), protocol.wireName(), repetition, seconds(started));
                    StepControl.Outcome outcome = runStep(step, ready);
                    if (outcome.succeeded()) {
                        done.add(step);
                    } else {
                        failed.add(new FailedStep(step, outcome.reason()));
                        log.println("step " + step.index() + " failed: " + outcome.reason());
                        if (settings.stopOnFailure()) {
                            return new Result(done, failed);
                        }
                    }
                }
            }
        }
        log.printf(Locale.ROOT, "%d/%d steps done, %d failed, in %d s%n", done.size(), settings.stepCount(),
                failed.size(), seconds(started));
        return new Result(List.copyOf(done), List.copyOf(failed));
    }

    private StepControl.Outcome runStep(StepKey step, Workloads.ReadyPairs ready) {
        long now = System.currentTimeMillis();
        long startAt = now + settings.startLead().toMillis();
        Duration test = Duration.ofSeconds((long) settings.durationSeconds() + settings.omitSeconds());
        StepCommand command = new StepCommand(WireRecord.VERSION, now, step, startAt, settings.durationSeconds(),
                settings.omitSeconds(), settings.streams(), settings.udpBitrate(), ready.clients(), ready.servers());
        StepControl.Outcome outcome;
        try (StepMarkers.OpenStep open = markers.begin(step, settings.startLead().plus(test))) {
            outcome = control.run(command, startAt + test.toMillis() + settings.ackGrace().toMillis());
        }
        return outcome;
    }

    /** "1 policy", "10 policies". */
    static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }
}
