package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.live.LiveProber;
import io.overlaywatch.agents.live.LiveSchedule;
import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sink.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code server}: serves one iperf3 test and produces the receiver's intervals (UDP loss is only known here). */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Serves one iperf3 test and produces each interval the server prints to Kafka.",
            "It runs iperf3 -s -1: one test, then exit. The receiver's side is what a UDP",
            "test really delivered. A failure is produced as a probe error and exits 1.",
            "With --repeat it serves test after test until stopped (Ctrl-C, SIGTERM), as the",
            "server pods of live and controlled clients do."})
public final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", order = 1, paramLabel = "ADDR", description = "Address to listen on (iperf3 -B; default: all).")
    String bind;

    @Option(names = "--wait", order = 2, paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop with a probe error when no client connects within this time; 0 waits for ever (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--repeat", order = 3,
            description = "Serve one test after another until stopped; a failed test is a probe error and serving goes on.")
    boolean repeat;

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
        if (waitSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--wait': must not be negative, was " + waitSeconds);
        }
        ProbeLabels probeLabels = labels.labels(null, iperf3.protocol(), iperf3.congestion(), iperf3.affinity());
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        Iperf3Version version = iperf3.checkBinary();
        String clusterTopic = cluster.enabled() ? kafka.clusterTopic() : null;
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig);
             ClusterContext k8s = ClusterContext.open(cluster, sinkConfig, clusterTopic)) {
            kafka.requireTopics(sink, sinkConfig.samplesTopic());
            if (k8s != null) {
                probeLabels = k8s.serverLabels(probeLabels, labels.values);
            }
            LOG.info("run {}, step {}, serving port {}{}", probeLabels.step().run(), probeLabels.step().index(),
                    iperf3.port(), repeat ? ", test after test" : "");
            RecordSink tagged = k8s != null ? k8s.tagging(sink) : sink;
            ProbeLabels serverLabels = probeLabels;
            if (!repeat) {
                ProbeResult result = ProbeRuns.await(probe(serverLabels, tagged, version).start(), sink, null);
                return ProbeRuns.exitCode(result, sink);
            }
            LiveProber prober = new LiveProber(LiveSchedule.backToBack(), round -> probe(serverLabels, tagged, version),
                    new SplittableRandom());
            UntilStopped.run(prober::stop, () -> LOG.info("served {} tests, {} failed", prober.run(),
                    prober.failedRounds()), sink);
            return ProbeRuns.deliveredExitCode(sink);
        }
    }

    private Iperf3Probe probe(ProbeLabels probeLabels, RecordSink sink, Iperf3Version version) {
        return iperf3.applyTo(Iperf3Probe.server(probeLabels, sink))
                .bind(bind).waitForClient(Duration.ofSeconds(waitSeconds)).version(version).build();
    }
}
