package io.overlaywatch.lab.sweep;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.lab.net.LabTopology;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.StepKey;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs one step's iperf3 tests: a server agent in each server pod, then every client agent at once. */
final class StepProbes {

    static final int PORT = 5201;
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    private final LabTopology topology;
    private final SweepSettings settings;
    private final RecordSink sink;

    StepProbes(LabTopology topology, SweepSettings settings, RecordSink sink) {
        this.topology = topology;
        this.settings = settings;
        this.sink = sink;
    }

    /** Runs the step over its first {@code pairs} pairs; returns the failures, empty when all went well. */
    List<String> run(StepKey step, int pairs) throws IOException, InterruptedException {
        List<RunningProbe> servers = new ArrayList<>();
        List<RunningProbe> clients = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            for (int pair = 0; pair < pairs; pair++) {
                RunningProbe server = Iperf3Probe.server(labels(step, pair), sink)
                        .launcher(topology.inNamespace(topology.serverNamespace(pair), List.of()))
                        .port(PORT).timeSeconds(settings.durationSeconds() + settings.omitSeconds())
                        .waitForClient(Duration.ofSeconds(30)).start();
                servers.add(server);
            }
            for (int pair = 0; pair < pairs; pair++) {
                if (!servers.get(pair).awaitListening(LISTEN_TIMEOUT)) {
                    failures.add("iperf3 server in " + topology.serverNamespace(pair) + " did not listen");
                    return failures;
                }
            }
            // Every client starts in one go, so that the pairs' streams run concurrently, as in the paper.
            for (int pair = 0; pair < pairs; pair++) {
                clients.add(client(step, pair).start());
            }
            for (RunningProbe probe : clients) {
                collect(probe.await(), probe, failures);
            }
            for (RunningProbe probe : servers) {
                collect(probe.await(), probe, failures);
            }
            return failures;
        } finally {
            for (RunningProbe probe : clients) {
                probe.close();
            }
            for (RunningProbe probe : servers) {
                probe.close();
            }
        }
    }

    private Iperf3Probe.Builder client(StepKey step, int pair) {
        Iperf3Probe.Builder client = Iperf3Probe.client(topology.serverAddress(pair), labels(step, pair), sink)
                .launcher(topology.inNamespace(topology.clientNamespace(pair), List.of()))
                .port(PORT).timeSeconds(settings.durationSeconds()).omitSeconds(settings.omitSeconds());
        if (step.protocol() == Protocol.UDP) {
            client.udp(true).length(settings.udpLength()).bitrate(settings.udpBitrate());
        }
        return client;
    }

    private ProbeLabels labels(StepKey step, int pair) {
        return new ProbeLabels(step, topology.clientNamespace(pair), topology.serverNamespace(pair),
                topology.nodeA(), topology.nodeB(),
                step.protocol() == Protocol.TCP ? settings.congestion() : null, settings.affinity());
    }

    private static void collect(ProbeResult result, RunningProbe probe, List<String> failures) {
        if (!result.ok()) {
            failures.add(probe.probe().describe() + ": " + String.join("; ", result.errors()));
        }
    }
}
