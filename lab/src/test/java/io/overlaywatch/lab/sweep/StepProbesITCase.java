package io.overlaywatch.lab.sweep;

import io.overlaywatch.agents.sink.PrintRecordSink;
import io.overlaywatch.lab.net.Commands;
import io.overlaywatch.lab.net.Encapsulation;
import io.overlaywatch.lab.net.IpipFallback;
import io.overlaywatch.lab.net.LabPreflight;
import io.overlaywatch.lab.net.LabTopology;
import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.lab.net.TopologySpec;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One step's probes in real pods: samples from every pair, and a clear failure when a pod vanishes. */
class StepProbesITCase {

    private static final SweepSettings SETTINGS = new SweepSettings(Scenario.POD, List.of(PolicyProfile.NONE),
            List.of(2), 0, List.of(Protocol.TCP), 1, 1, 0, "1422", "0", "cubic", null, null, true,
            IpipFallback.NONE, false);

    private static List<WireRecord> decode(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> WireCodec.decode(l.getBytes(StandardCharsets.UTF_8)))
                .map(d -> d.record()).toList();
    }

    @Test
    void shouldSendSamplesFromEveryPairAndReportAVanishedPodAsAFailedStep() throws Exception {
        assumeTrue(LabPreflight.problems(LabPreflight.probe()).isEmpty(), "the lab needs root and its tools");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LabTopology topology = LabTopology.create(TopologySpec.of(2, Encapsulation.NONE));
             PrintRecordSink sink = new PrintRecordSink(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            StepProbes probes = new StepProbes(topology, SETTINGS, sink);
            StepKey step = new StepKey("probes-it", Scenario.POD, "none", Protocol.TCP, 0, 0, 2, 1);

            assertThat(probes.run(step, 2)).isEmpty();
            sink.flush();
            List<Sample> samples = decode(out).stream().filter(Sample.class::isInstance).map(Sample.class::cast).toList();
            assertThat(samples).extracting(Sample::clientPod).containsOnly(topology.clientNamespace(0),
                    topology.clientNamespace(1)).contains(topology.clientNamespace(0), topology.clientNamespace(1));
            assertThat(samples).allSatisfy(s -> assertThat(s.bitsPerSecond()).isPositive());

            Commands.run(List.of("ip", "netns", "del", topology.serverNamespace(1)));
            List<String> failures = probes.run(step, 2);

            assertThat(failures).isNotEmpty();
            assertThat(String.join(" ", failures)).contains(topology.serverNamespace(1));
        }
    }
}
