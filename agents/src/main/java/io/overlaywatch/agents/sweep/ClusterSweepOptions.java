package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.cli.KafkaOptions;
import io.overlaywatch.agents.cli.LabelOptions;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Options shared by the cluster sweeps: where, what each step measures, how long to wait, and Kafka. */
public class ClusterSweepOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--run", paramLabel = "ID", description = "Run id; labels every object the sweep creates"
            + " (default: a new id such as run-20260101-120000-1a2b).")
    String run;

    @Option(names = "--cni", paramLabel = "NAME", defaultValue = "unknown",
            description = "The cluster's CNI, e.g. calico or cilium, carried by every record (default: ${DEFAULT-VALUE}).")
    String cni;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME", defaultValue = "overlaywatch-bench",
            description = "The bench namespace: the agents' Deployments and the policies (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--context", paramLabel = "NAME",
            description = "kubeconfig context (default: the current one, or the pod's service account in a cluster).")
    String context;

    @Option(names = "--client-deployment", paramLabel = "NAME", defaultValue = "overlaywatch-client",
            description = "Deployment of the client agents (default: ${DEFAULT-VALUE}).")
    String clientDeployment;

    @Option(names = "--server-deployment", paramLabel = "NAME", defaultValue = "overlaywatch-server",
            description = "Deployment of the server agents (default: ${DEFAULT-VALUE}).")
    String serverDeployment;

    @Option(names = "--protocols", split = ",", paramLabel = "tcp,udp", defaultValue = "tcp,udp",
            description = "Protocols to measure (default: ${DEFAULT-VALUE}).")
    List<Protocol> protocols;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3",
            description = "Repetitions of every step; the paper used 3 (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Length of each iperf3 test; the paper used 300 (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--omit", paramLabel = "SECONDS", defaultValue = "1",
            description = "Warm-up seconds iperf3 leaves out, iperf3 -O (default: ${DEFAULT-VALUE}).")
    int omit;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1",
            description = "Parallel streams per client, iperf3 -P (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--udp-bitrate", paramLabel = "BITS/S", defaultValue = "0",
            description = "UDP target bitrate in bits/s, iperf3 -b; 0 sends as fast as it can (default: ${DEFAULT-VALUE}).")
    long udpBitrate;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "10",
            description = "Wait after the policy set changed, for the CNI to program it (default: ${DEFAULT-VALUE}).")
    int settle;

    @Option(names = "--programmed-counter", paramLabel = "NAME",
            description = "Instead of --settle, wait until this counter on the counters topic (e.g. felix_active_local_policies,"
                    + " cilium_policy) reads the step's policy count plus --programmed-offset.")
    String programmedCounter;

    @Option(names = "--programmed-offset", paramLabel = "N", defaultValue = "0",
            description = "Policies the counter counts besides the sweep's, e.g. other namespaces' (default: ${DEFAULT-VALUE}).")
    int programmedOffset;

    @Option(names = "--programmed-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long the counter may take; then the sweep stops (default: ${DEFAULT-VALUE}).")
    int programmedTimeout;

    @Option(names = "--start-lead", paramLabel = "SECONDS", defaultValue = "5",
            description = "Clients start this long after the command, all at the same time (default: ${DEFAULT-VALUE}).")
    int startLead;

    @Option(names = "--ack-grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long after a test's planned end the clients may take to answer (default: ${DEFAULT-VALUE}).")
    int ackGrace;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long scaled pods may take to become ready (default: ${DEFAULT-VALUE}).")
    int readyTimeout;

    @Option(names = "--stop-on-failure", description = "Stop at the first failed step instead of recording it and going on.")
    boolean stopOnFailure;

    @Option(names = "--dry-run", description = "Print the objects the sweep would apply, as YAML, and touch nothing.")
    boolean dryRun;

    @Mixin
    KafkaOptions kafka;

    /** The settings, checked; a bad value names its option. */
    ClusterSweepSettings settings(Scenario scenario, List<Integer> points, int policies) {
        String runId = run != null ? run : LabelOptions.newRunId();
        if (!BenchLabels.isValidRunId(runId)) {
            throw fail("--run", "'" + runId + "' must be " + BenchLabels.runIdRule());
        }
        requireText("--cni", cni);
        requireText("--namespace", namespace);
        requireText("--client-deployment", clientDeployment);
        requireText("--server-deployment", serverDeployment);
        atLeast("--repetitions", repetitions, 1);
        atLeast("--duration", duration, 1);
        atLeast("--omit", omit, 0);
        atLeast("--streams", streams, 1);
        atLeast("--settle", settle, 0);
        atLeast("--start-lead", startLead, 0);
        atLeast("--ack-grace", ackGrace, 0);
        atLeast("--ready-timeout", readyTimeout, 1);
        atLeast("--programmed-offset", programmedOffset, 0);
        atLeast("--programmed-timeout", programmedTimeout, 1);
        if (programmedCounter != null && programmedCounter.isBlank()) {
            throw fail("--programmed-counter", "must not be blank");
        }
        if (udpBitrate < 0) {
            throw fail("--udp-bitrate", "must not be negative, was " + udpBitrate);
        }
        if (protocols.isEmpty()) {
            throw fail("--protocols", "name at least one of tcp, udp");
        }
        return new ClusterSweepSettings(scenario, runId, cni, namespace, clientDeployment, serverDeployment, points,
                policies, protocols, repetitions, duration, omit, streams, udpBitrate, Duration.ofSeconds(settle),
                Duration.ofSeconds(startLead), Duration.ofSeconds(ackGrace), Duration.ofSeconds(readyTimeout),
                stopOnFailure);
    }

    /** Runs the sweep (or prints it); exit 0 when every step ran, 1 when one failed. */
    int execute(ClusterSweepSettings settings, SweepMain main) throws Exception {
        PrintStream out = main.out();
        PrintStream err = main.err();
        if (dryRun) {
            DryRun.print(settings, out);
            return 0;
        }
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        // Kafka first: a sweep that could not command its clients must not create anything.
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig);
             StepControl control = new StepControl(sink, kafka.controlTopic());
             ProgrammedWait programmed = programmedWait(settings, sink, err);
             KubernetesClient client = main.connector().connect(context)) {
            err.printf("run %s: %s sweep in namespace %s, %d steps%n", settings.run(), settings.scenario().wireName(),
                    settings.namespace(), settings.stepCount());
            PolicySet policySet = new PolicySet(client, settings.namespace(), settings.run());
            Workloads workloads = new Workloads(client, settings.namespace(), settings.clientDeployment(),
                    settings.serverDeployment());
            ClusterSweep.Result result;
            try (SweepCleanup cleanup = new SweepCleanup(policySet, workloads, err).onShutdown()) {
                result = new ClusterSweep(settings, policySet, workloads, control, programmed, new StepMarkers(sink),
                        err).run();
            }
            sink.flush();
            out.printf("run %s: %d steps done, %d failed%n", settings.run(), result.done().size(), result.failed().size());
            result.failed().forEach(f -> out.printf("  step %d (%d policies, %d pods, %s, repetition %d): %s%n",
                    f.step().index(), f.step().policies(), f.step().pods(), f.step().protocol().wireName(),
                    f.step().repetition(), f.reason()));
            return result.failed().isEmpty() ? 0 : 1;
        }
    }

    private ProgrammedWait programmedWait(ClusterSweepSettings settings, KafkaRecordSink sink, PrintStream err) {
        if (programmedCounter == null) {
            return ProgrammedWait.settle(settings.settle());
        }
        sink.requireTopics(sink.config().countersTopic());
        return ProgrammedWait.counter(sink.config(), programmedCounter, programmedOffset,
                Duration.ofSeconds(programmedTimeout), err);
    }

    private void requireText(String option, String value) {
        if (value == null || value.isBlank()) {
            throw fail(option, "must not be blank");
        }
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) {
            throw fail(option, "must be at least " + min + ", was " + value);
        }
    }

    ParameterException fail(String option, String problem) {
        return new ParameterException(mixee.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
