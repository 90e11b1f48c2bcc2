package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code client}: one iperf3 client test, every interval produced to Kafka as it is printed. */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Runs one iperf3 client test and produces each interval to Kafka as it is printed.",
            "A failure (refused, busy, killed, stalled) is produced as a probe error and exits 1."})
public final class ClientCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCommand.class);

    @Option(names = "--server", order = 1, paramLabel = "HOST", required = true, description = "The iperf3 server to connect to.")
    String server;

    @Option(names = "--mark-step", order = 2, description = "Also produce the step's START and END markers to the steps topic.")
    boolean markStep;

    @Mixin
    Iperf3Options iperf3;

    @Mixin
    LabelOptions labels;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        iperf3.validate();
        ProbeLabels probeLabels = labels.labels(null, iperf3.protocol(), iperf3.congestion(), iperf3.affinity());
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        Iperf3Version version = iperf3.checkBinary();
        LOG.info("run {}, step {}, {} {} -> {}", probeLabels.step().run(), probeLabels.step().index(),
                probeLabels.step().protocol().wireName(), probeLabels.clientPod(), probeLabels.serverPod());
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig)) {
            if (markStep) {
                kafka.requireTopics(sink, sinkConfig.samplesTopic(), sinkConfig.stepsTopic());
            } else {
                kafka.requireTopics(sink, sinkConfig.samplesTopic());
            }
            Iperf3Probe probe = iperf3.applyTo(Iperf3Probe.client(server, probeLabels, sink)).version(version).build();
            StepMarkers.OpenStep step = markStep
                    ? new StepMarkers(sink).begin(probeLabels.step(), iperf3.planned())
                    : null;
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
    }
}
