package io.overlaywatch.lab;

import io.overlaywatch.agents.iperf3.Iperf3Version;
import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.probe.StepMarkers;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.lab.net.IpipFallback;
import io.overlaywatch.lab.net.LabPreflight;
import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.lab.sweep.LabSession;
import io.overlaywatch.lab.sweep.SweepSettings;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The main job on one machine: short lab sweeps in network namespaces when run as root, else a
 * TCP and a UDP iperf3 test on loopback, through the agents, Kafka, the Flink job and InfluxDB.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine: starts a Kafka broker, InfluxDB and the Flink job.",
            "As root it then runs short versions of the paper's sweeps in network namespaces (policy sweep: "
                    + "linear, linear-ct and hashed at 1, 1,000 and 10,000 policies, TCP and UDP; pod sweep: 1, 2 "
                    + "and 4 pairs) and prints the tables and the paths of the plots. Without root (or with "
                    + "--loopback) it runs a TCP and a UDP iperf3 test on 127.0.0.1 and prints their step summaries.",
            "Results are read back from InfluxDB. Stops all it started, also on Ctrl-C."})
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "3",
            description = "Length of each iperf3 test (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--loopback", description = "Run the loopback tests even as root, instead of the lab sweeps.")
    boolean loopback;

    @Option(names = "--udp-bitrate", paramLabel = "RATE", defaultValue = "1G",
            description = "UDP target bitrate of the loopback test, iperf3 -b; the lab sends as fast as it can"
                    + " (default: ${DEFAULT-VALUE}).")
    String udpBitrate;

    @Option(names = "--udp-length", paramLabel = "BYTES", defaultValue = "1422",
            description = "UDP datagram size, iperf3 -l; 1422 as in the paper (default: ${DEFAULT-VALUE}).")
    String udpLength;

    @Option(names = "--iperf3", paramLabel = "PATH", defaultValue = "iperf3",
            description = "The iperf3 binary (default: ${DEFAULT-VALUE}).")
    String iperf3;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "work/demo",
            description = "Folder for the broker's and InfluxDB's data (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting a broker.")
    String bootstrapServers;

    @Option(names = "--influx-url", paramLabel = "URL",
            description = "Use this InfluxDB 1.x (/write and /query) instead of starting influxd.")
    String influxUrl;

    @Option(names = "--influx-database", paramLabel = "NAME", defaultValue = "overlaywatch",
            description = "Database to write to (default: ${DEFAULT-VALUE}).")
    String influxDatabase;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "90",
            description = "Longest wait for the step summaries after the tests (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (!loopback) {
            List<String> problems = LabPreflight.problems(LabPreflight.probe());
            if (problems.isEmpty()) {
                return runLab();
            }
            System.err.println("overlaywatch demo: the network-namespace lab cannot run here ("
                    + String.join("; ", problems) + "); running the loopback demo instead.");
        }
        return runLoopback();
    }

    private int runLab() throws Exception {
        SweepSettings policy = new SweepSettings(Scenario.POLICY,
                List.of(PolicyProfile.LINEAR, PolicyProfile.LINEAR_CT, PolicyProfile.HASHED), List.of(1, 1000, 10000),
                0, List.of(Protocol.TCP, Protocol.UDP), 1, duration, 1, udpLength, "0", "cubic", "0,0", null, true,
                IpipFallback.NONE, false);
        SweepSettings pod = new SweepSettings(Scenario.POD, List.of(PolicyProfile.HASHED), List.of(1, 2, 4), 1,
                List.of(Protocol.TCP), 1, duration, 1, udpLength, "0", "cubic", null, null, true, IpipFallback.NONE,
                false);
        try (LabSession session = LabSession.start(new LocalPipeline.Endpoints(bootstrapServers, influxUrl,
                influxDatabase), workDir, false, Duration.ofSeconds(waitSeconds), System.out, System.err, Map.of())) {
            return session.run("demo", List.of(policy, pod)).exitCode();
        }
    }

    private int runLoopback() throws Exception {
        Iperf3Version version = Iperf3Probe.probeVersion(iperf3);
        String run = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        System.err.println("overlaywatch demo: run " + run + ", iperf3 " + version.major() + "." + version.minor());
        LocalPipeline pipeline = LocalPipeline.start(
                new LocalPipeline.Endpoints(bootstrapServers, influxUrl, influxDatabase), workDir, run, System.err);
        // Ctrl-C stops what the demo started: the job, the broker, influxd and any iperf3.
        Thread stopOnExit = new Thread(pipeline::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            String host = InetAddress.getLocalHost().getHostName();
            List<StepKey> steps = List.of(
                    new StepKey(run, Scenario.DEMO, "loopback", Protocol.TCP, 0, 0, 1, 1),
                    new StepKey(run, Scenario.DEMO, "loopback", Protocol.UDP, 1, 0, 1, 1));
            StepMarkers markers = new StepMarkers(pipeline.sink());
            for (StepKey step : steps) {
                ProbeLabels labels = new ProbeLabels(step, "demo-client", "demo-server", host, host, null, null);
                runStep(pipeline, markers, labels);
            }
            System.err.println("waiting for the step summaries in InfluxDB...");
            StepTable table = awaitSummaries(pipeline, run, steps.size());
            System.out.println();
            System.out.println("Step summaries of run " + run + " (read back from InfluxDB):");
            table.print(System.out);
            boolean ok = table.meanBps(0, "sender") > 0 && table.meanBps(1, "receiver") > 0;
            if (!ok) {
                System.err.println("overlaywatch demo: a step has no throughput; see the log above");
            }
            return ok ? 0 : 1;
        } finally {
            pipeline.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running or has run; nothing is left to stop.
            }
        }
    }

    private void runStep(LocalPipeline pipeline, StepMarkers markers, ProbeLabels labels) throws Exception {
        StepKey step = labels.step();
        boolean udp = step.protocol() == Protocol.UDP;
        int port = FreePorts.next();
        System.err.printf("step %d: %s for %d s on 127.0.0.1:%d%n", step.index(), step.protocol().wireName(),
                duration, port);
        try (StepMarkers.OpenStep open = markers.begin(step, Duration.ofSeconds(duration));
             RunningProbe server = Iperf3Probe.server(labels, pipeline.sink()).binary(iperf3).port(port)
                     .bind("127.0.0.1").timeSeconds(duration).waitForClient(Duration.ofSeconds(30)).start()) {
            if (!server.awaitListening(Duration.ofSeconds(10))) {
                throw new IllegalStateException("iperf3 server did not start listening on port " + port);
            }
            Iperf3Probe.Builder client = Iperf3Probe.client("127.0.0.1", labels, pipeline.sink())
                    .binary(iperf3).port(port).timeSeconds(duration).udp(udp);
            if (udp) {
                client.bitrate(udpBitrate).length(udpLength);
            }
            ProbeResult sent = client.run();
            ProbeResult received = server.await();
            System.err.printf("  client sent %d samples, server %d%s%n", sent.samplesSent(), received.samplesSent(),
                    sent.ok() && received.ok() ? "" : "; errors: " + sent.errors() + " " + received.errors());
            // Samples reach the broker before the end marker that lets the job close the step.
            pipeline.sink().flush();
        }
        pipeline.sink().flush();
    }

    private StepTable awaitSummaries(LocalPipeline pipeline, String run, int stepCount) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        StepTable table = StepTable.read(pipeline.query(), run);
        while (System.nanoTime() < deadline && !complete(table, stepCount)) {
            Thread.sleep(250); // polling InfluxDB: nothing tells us when a point lands
            table = StepTable.read(pipeline.query(), run);
        }
        return table;
    }

    private static boolean complete(StepTable table, int stepCount) {
        for (int step = 0; step < stepCount; step++) {
            if (!table.has(step, "sender") || !table.has(step, "receiver")) {
                return false;
            }
        }
        return true;
    }
}
