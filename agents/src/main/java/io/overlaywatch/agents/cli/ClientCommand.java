package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.control.ControlListener;
import io.overlaywatch.agents.control.StepCommandRunner;
import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.live.LiveProber;
import io.overlaywatch.agents.live.LiveSchedule;
import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code client}: iperf3 client tests (one, on a schedule, or on command), every interval produced to Kafka as it is printed. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Runs iperf3 client tests and produces each interval to Kafka as it is printed.",
            "--mode once (the default) runs one test; a failure (refused, busy, killed, stalled) is produced as a "
                    + "probe error and exits 1. --mode live and --mode control run until stopped (Ctrl-C, SIGTERM); "
                    + "a failed test there is a probe error and probing goes on."})
public final class ClientCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCommand.class);

    /** How the client decides when to test. */
    enum Mode { ONCE, LIVE, CONTROL }

    @Spec
    CommandSpec spec;

    @Option(names = "--server", order = 1, paramLabel = "HOST", required = true, description = "The iperf3 server to connect to.")
    String server;

    @Option(names = "--mode", order = 2, paramLabel = "MODE", defaultValue = "once",
            description = {"once: one test (default).",
                "live: a test, then --pause plus up to --jitter, and again, until stopped; "
                        + "scenario live, one step index per test.",
                "control: the tests of the step commands addressed to this client on --control-topic, "
                        + "started at the command's time and acknowledged (accepted, done, failed) on "
                        + "--steps-topic."})
    Mode mode;

    @Option(names = "--mark-step", order = 3,
            description = "Also produce the step's START and END markers to the steps topic (--mode once).")
    boolean markStep;

    @ArgGroup(validate = false, heading = "%nLive schedule (--mode live; each test takes --time):%n", order = 20)
    LiveValues live = new LiveValues();

    /** The live schedule's options. */
    static final class LiveValues {

        @Option(names = "--pause", paramLabel = "SECONDS", defaultValue = "50", order = 21,
                description = "Least time between one test's end and the next test (default: ${DEFAULT-VALUE}).")
        int pause = 50;

        @Option(names = "--jitter", paramLabel = "SECONDS", defaultValue = "10", order = 22,
                description = "Most random time added before the first test and to each pause, so that clients "
                        + "started together spread out (default: ${DEFAULT-VALUE}).")
        int jitter = 10;
    }

    @Mixin
    Iperf3Options iperf3;

    @Mixin
    LabelOptions labels;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        iperf3.validate();
        cluster.validate();
        validateMode();
        ProbeLabels probeLabels = labels.labels(null, iperf3.protocol(), iperf3.congestion(), iperf3.affinity());
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        String controlTopic = mode == Mode.CONTROL ? kafka.controlTopic() : null;
        Iperf3Version version = iperf3.checkBinary();
        String clusterTopic = cluster.enabled() ? kafka.clusterTopic() : null;
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig);
             ClusterContext k8s = ClusterContext.open(cluster, sinkConfig, clusterTopic)) {
            kafka.requireTopics(sink, topics(sinkConfig));
            if (k8s != null) {
                probeLabels = k8s.clientLabels(probeLabels, labels.values, server);
            }
            LOG.info("run {}, {} mode, {} {} -> {}", probeLabels.step().run(), mode.name().toLowerCase(Locale.ROOT),
                    probeLabels.step().protocol().wireName(), probeLabels.clientPod(), probeLabels.serverPod());
            RecordSink tagged = k8s != null ? k8s.tagging(sink) : sink;
            return switch (mode) {
                case ONCE -> once(probeLabels, tagged, sink, version);
                case LIVE -> live(probeLabels, tagged, sink, version, k8s);
                case CONTROL -> control(probeLabels, sink, sinkConfig, controlTopic, version, k8s);
            };
        }
    }

    private void validateMode() {
        if (markStep && mode != Mode.ONCE) {
            throw new ParameterException(spec.commandLine(), "--mark-step is for --mode once; in --mode "
                    + mode.name().toLowerCase(Locale.ROOT) + " the driver or the live job closes steps");
        }
        if (mode == Mode.LIVE && labels.values.scenario != Scenario.LIVE) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--scenario': --mode live "
                    + "records scenario live, was " + labels.values.scenario.wireName());
        }
        if (live.pause < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--pause': must not be negative, was " + live.pause);
        }
        if (live.jitter < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--jitter': must not be negative, was " + live.jitter);
        }
    }

    private String[] topics(KafkaSinkConfig config) {
        return markStep || mode == Mode.CONTROL ? new String[] {config.samplesTopic(), config.stepsTopic()}
                : new String[] {config.samplesTopic()};
    }

    private int once(ProbeLabels probeLabels, RecordSink tagged, KafkaRecordSink sink, Iperf3Version version)
            throws Exception {
        Iperf3Probe probe = iperf3.applyTo(Iperf3Probe.client(server, probeLabels, tagged)).version(version).build();
        StepMarkers.OpenStep step = markStep ? new StepMarkers(sink).begin(probeLabels.step(), iperf3.planned()) : null;
        ProbeResult result;
        try {
            result = ProbeRuns.await(probe.start(), sink, step);
        } finally {
            if (step != null) {
                step.close();
            }
        }
        return ProbeRuns.exitCode(result, sink);
    }

    private int live(ProbeLabels probeLabels, RecordSink tagged, KafkaRecordSink sink, Iperf3Version version,
                     ClusterContext k8s) throws Exception {
        LiveProber prober = new LiveProber(new LiveSchedule(Duration.ofSeconds(live.pause), Duration.ofSeconds(live.jitter)),
                round -> {
                    StepKey base = probeLabels.step();
                    StepKey step = new StepKey(base.run(), base.scenario(), base.cni(), base.protocol(), round,
                            base.policies(), base.pods(), base.repetition());
                    // The CNI is looked up again (cached for minutes), so that an upgrade shows in later rounds.
                    ProbeLabels roundLabels = probeLabels.withStep(k8s != null ? k8s.withCni(step, labels.values) : step);
                    return iperf3.applyTo(Iperf3Probe.client(server, roundLabels, tagged)).version(version).build();
                }, new SplittableRandom());
        UntilStopped.run(prober::stop, () -> LOG.info("live probing ended after {} tests, {} failed", prober.run(),
                prober.failedRounds()), sink);
        return ProbeRuns.deliveredExitCode(sink);
    }

    private int control(ProbeLabels probeLabels, KafkaRecordSink sink, KafkaSinkConfig sinkConfig, String controlTopic,
                        Iperf3Version version, ClusterContext k8s) throws Exception {
        StepCommandRunner runner = new StepCommandRunner(probeLabels.clientPod(),
                command -> commanded(command, probeLabels, sink, version, k8s), sink, System::currentTimeMillis);
        try (ControlListener listener = new ControlListener(sinkConfig.idleConsumerProperties(), controlTopic,
                runner)) {
            listener.requireTopic(sinkConfig.bootstrapServers());
            UntilStopped.run(listener::stop, listener::run, sink);
        }
        return ProbeRuns.deliveredExitCode(sink);
    }

    /**
     * The test a command asks for: its step, length, streams and protocol, against the server the command pairs this
     * client with (else {@code --server}); the other iperf3 options as given.
     */
    private Iperf3Probe commanded(StepCommand command, ProbeLabels probeLabels, RecordSink sink, Iperf3Version version,
                                  ClusterContext k8s) {
        boolean udp = command.step().protocol() == Protocol.UDP;
        String paired = command.serverFor(probeLabels.clientPod(), server);
        ProbeLabels pairLabels = paired.equals(server) ? probeLabels
                : k8s != null ? k8s.clientLabels(probeLabels, labels.values, paired)
                : new ProbeLabels(probeLabels.step(), probeLabels.clientPod(), paired, probeLabels.srcNode(),
                        probeLabels.dstNode(), probeLabels.congestion(), probeLabels.affinity());
        Iperf3Probe.Builder builder = iperf3.applyTo(Iperf3Probe.client(paired, pairLabels.withStep(command.step()), sink))
                .timeSeconds(command.durationSeconds()).omitSeconds(command.omitSeconds())
                .parallel(command.streams()).udp(udp).version(version);
        if (udp) {
            builder.bitrate(Long.toString(command.udpBitrate()));
        }
        return builder.build();
    }
}
