package io.overlaywatch.lab.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.cluster.ClusterViewListener;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.embedded.MockApiServer;
import io.overlaywatch.lab.LocalPipeline;
import io.overlaywatch.lab.net.Encapsulation;
import io.overlaywatch.lab.net.LabCleanup;
import io.overlaywatch.lab.net.LabPreflight;
import io.overlaywatch.lab.net.LabRunLock;
import io.overlaywatch.lab.net.LabTopology;
import io.overlaywatch.lab.net.TopologySpec;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** {@code bench agent}: what the probe agent costs the traffic it measures, and what it costs the node. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The agent's cost to the traffic it measures and to its node (root).",
            "",
            "In two lab namespaces (a client and a server pod), measures iperf3 throughput with the agent parsing "
                    + "and producing to an embedded broker (A) against bare iperf3 writing to /dev/null (B), as "
                    + "received by the same bare server, in the order A0 B0 A1 B1 ... An Bn: A0 warms the agent and "
                    + "the broker up and is not counted, and each A is compared with the mean of the two B around "
                    + "it, so that a drift of the machine's throughput during the run does not favour B. A's tests "
                    + "are step commands to one agent that stays up in control mode (idle during B); the bench reads "
                    + "its acks after each test.",
            "",
            "Then the agent's RSS and CPU over one test with 10 streams reporting every second, from /proc/<pid>: "
                    + "a new agent JVM (--mode once) on this JDK with the JVM's defaults, then on the agent's runtime "
                    + "(--agent-runtime: the image's, jlink with the agent's JVM options built in), then on the "
                    + "runtime as the client Deployment runs the agent: --mode control --kubernetes (the CNI given), "
                    + "reading the views of the cluster observer (agent observe, its own JVM), which watches the "
                    + "pods and --usage-policies NetworkPolicies of a stand-in API server (fabric8's mock server, "
                    + "CRUD mode, on 127.0.0.1); the test is its first step command. Before each usage run the page "
                    + "cache of the Java home's lib/ is written back and dropped, so that every run maps libjvm and "
                    + "the CDS archive as read from disk. Prints a table and the goals, writes JSON."})
public final class AgentBenchCommand implements Callable<Integer> {

    private static final int PORT = 5201;
    /** The policies differ in their port, as in the paper's sweep (PORT + i), so at most this many fit. */
    private static final int MAX_POLICIES = 10_000;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    /** The agent's namespace in the --kubernetes run, and its pod as the downward API gives it. */
    private static final String NAMESPACE = "bench";
    private static final Duration OBSERVER_START = Duration.ofMinutes(2);
    private static final String POD = "client-0";
    private static final PodSetting IN_POD = new PodSetting(List.of("--kubernetes"),
            Map.of("POD_NAME", POD, "POD_NAMESPACE", NAMESPACE, "NODE_NAME", "worker-1"));

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "3", order = 1,
            description = "A tests of the throughput comparison, each between two B tests"
                    + " (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", order = 2,
            description = "Length of each throughput test (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--usage-seconds", paramLabel = "S", defaultValue = "40", order = 3,
            description = "Length of each RSS and CPU test (default: ${DEFAULT-VALUE}).")
    int usageSeconds;

    @Option(names = "--usage-streams", paramLabel = "N", defaultValue = "10", order = 4,
            description = "Parallel streams of the RSS and CPU test (default: ${DEFAULT-VALUE}).")
    int usageStreams;

    @Option(names = "--usage-bitrate", paramLabel = "RATE", defaultValue = "10M", order = 5,
            description = "Bitrate per stream of the RSS and CPU test, so that iperf3 leaves the CPU to the agent"
                    + " (default: ${DEFAULT-VALUE}).")
    String usageBitrate;

    @Option(names = "--usage-policies", paramLabel = "N", defaultValue = "100", order = 6,
            description = "NetworkPolicies in the stand-in API server for the --kubernetes usage run"
                    + " (default: ${DEFAULT-VALUE}).")
    int usagePolicies;

    @Option(names = "--agent-runtime", paramLabel = "DIR", defaultValue = "agents/target/agent-runtime", order = 7,
            description = "The agent's Java runtime, for the throughput runs and the second and third usage runs:"
                    + " the build's jlink image, as in the agent image (default: ${DEFAULT-VALUE}).")
    Path runtime;

    @Option(names = "--agent-jvm-options", paramLabel = "OPTIONS", defaultValue = "", order = 8,
            description = "JVM options on the runtime's command line, after those built into it (default: none).")
    String jvmOptions;

    @Option(names = "--agent-jar", paramLabel = "JAR", defaultValue = "agents/target/overlaywatch-agent.jar", order = 9,
            description = "The agent jar (default: ${DEFAULT-VALUE}).")
    Path agentJar;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "work/bench/agent.json", order = 10,
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "work/bench/agent", order = 11,
            description = "Broker data and agent logs, emptied first (default: ${DEFAULT-VALUE}).")
    Path workDir;

    /**
     * One A test and the B tests around it: received throughput with the agent, the mean of the two bare tests
     * before and after it, and their ratio.
     */
    public record Pair(double agentBps, double bareBps, double ratio, Machine machine) {
    }

    /**
     * The agent's footprint in one usage run.
     *
     * @param jvm                 the JVM the agent ran on (AgentJvm's label)
     * @param inPod               whether it ran as the client Deployment runs it: --kubernetes --mode control, with
     *                            the cluster observer's views
     * @param samples             samples it produced
     * @param peakRssMiB          highest RSS (VmHWM)
     * @param steadyRssMiB        RSS at the last reading before it exited
     * @param cpuSeconds          CPU time of the whole run, JVM start included
     * @param steadyCpuPercent    CPU in % of one core from the first reading after the warm-up to the last
     * @param cpuSecondsPer1000   steady CPU seconds per 1,000 samples
     */
    public record Usage(String jvm, boolean inPod, long samples, double peakRssMiB, double steadyRssMiB,
                        double cpuSeconds, double steadyCpuPercent, double cpuSecondsPer1000, Machine machine) {
    }

    /** Everything a run measured; written as JSON. */
    public record Result(String date, Machine machine, int seconds, List<Pair> pairs, MedianInterval ratio,
                         int usageStreams, int usageSeconds, List<Usage> usage, List<Goal> goals) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.err;
        LabPreflight.check();
        if (pairs < 1) {
            throw new IllegalArgumentException("--pairs must be at least 1, not " + pairs);
        }
        if (usagePolicies < 0 || usagePolicies > MAX_POLICIES) {
            throw new IllegalArgumentException("--usage-policies must be between 0 and " + MAX_POLICIES + ", not "
                    + usagePolicies);
        }
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalStateException("no agent jar at " + agentJar + " (build with mvn package)");
        }
        AgentJvm agentRuntime = AgentJvm.runtime(runtime, jvmOptions);
        Machine start = Machine.now();
        log.printf("bench agent: %d A tests between B tests of %d s, usage runs of %d s with %d streams; %s%n",
                pairs, seconds, usageSeconds, usageStreams, start.describe());
        TopologySpec spec = TopologySpec.of(1, Encapsulation.NONE);
        String prefix = spec.prefix();
        Thread cleanup = new Thread(() -> LabCleanup.removeAll(prefix), "bench-agent-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (LabRunLock lock = LabRunLock.acquire(prefix);
             LocalKafka kafka = LocalPipeline.startKafka(workDir.resolve("kafka"));
             LabTopology topology = LabTopology.create(spec)) {
            Path wrapper = AgentProcess.iperf3Wrapper(workDir,
                    topology.inNamespace(topology.clientNamespace(0), List.of()));
            Runner runner = new Runner(topology, wrapper, kafka.bootstrapServers(), log);

            List<Pair> measured = new ArrayList<>();
            kafka.createTopics(1, KafkaSinkConfig.DEFAULT_CONTROL_TOPIC);
            try (CommandedAgent agent = runner.commandedAgent(agentRuntime)) {
                double warmUp = runner.throughput(agent, 0);
                double before = runner.throughput(null, 0);
                log.printf("  warm-up: agent %.2f Gbit/s (not counted), bare %.2f Gbit/s%n", warmUp / 1e9,
                        before / 1e9);
                for (int i = 1; i <= pairs; i++) {
                    double withAgent = runner.throughput(agent, i);
                    double after = runner.throughput(null, i);
                    double bare = (before + after) / 2;
                    Pair pair = new Pair(withAgent, bare, withAgent / bare, Machine.now());
                    log.printf("  pair %d: agent %.2f Gbit/s, bare %.2f Gbit/s before and %.2f after, ratio %.3f"
                            + " (%s)%n", i, withAgent / 1e9, before / 1e9, after / 1e9, pair.ratio(),
                            pair.machine().describe());
                    measured.add(pair);
                    before = after;
                }
            }
            MedianInterval ratio = MedianInterval.of(measured.stream().mapToDouble(Pair::ratio).toArray());

            Usage defaults = runner.usage(AgentJvm.jdkDefaults(), usageSeconds, usageStreams, usageBitrate, null);
            Usage tuned = runner.usage(agentRuntime, usageSeconds, usageStreams, usageBitrate, null);
            Usage withKubernetes;
            try (MockApiServer api = new MockApiServer()) {
                Process observer = observer(api, kafka, topology.serverAddress(0), agentRuntime);
                try {
                    withKubernetes = runner.usage(agentRuntime, usageSeconds, usageStreams, usageBitrate,
                            IN_POD);
                } finally {
                    observer.destroy();
                    if (!observer.waitFor(30, TimeUnit.SECONDS)) {
                        observer.destroyForcibly();
                    }
                }
            }
            List<Usage> usage = List.of(defaults, tuned, withKubernetes);
            List<Goal> goals = List.of(
                    Goal.atLeast("median throughput ratio agent/bare >= 0.98", ratio.median(), 0.98, ""),
                    Goal.atMost("agent RSS <= 64 MiB with " + usageStreams + " streams", tuned.peakRssMiB(), 64, "MiB"),
                    Goal.atMost("agent RSS <= 64 MiB with " + usageStreams + " streams, in a pod",
                            withKubernetes.peakRssMiB(), 64, "MiB"),
                    Goal.atMost("agent CPU <= 1% of a core", tuned.steadyCpuPercent(), 1, "%"));
            Result result = new Result(start.date(), start, seconds, measured, ratio, usageStreams, usageSeconds, usage,
                    goals);
            print(result, System.out);
            BenchJson.write(json, result);
            System.out.println("results written to " + json);
            return goals.stream().allMatch(Goal::met) ? 0 : 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /**
     * The cluster observer of the agent's namespace, as its own Deployment runs it ({@code agent observe}, its own JVM
     * from the agent jar), watching the stand-in API server: the agent's pod and the server's, and the experiment's
     * NetworkPolicies.
     */
    private Process observer(MockApiServer api, LocalKafka kafka, String serverAddress, AgentJvm jvm)
            throws Exception {
        KubernetesClient k8s = api.client();
        k8s.pods().inNamespace(NAMESPACE).resource(ClusterObjects.pod(NAMESPACE, POD, ClusterObjects.CLIENT,
                "worker-1", "10.244.1.5", true)).create();
        k8s.pods().inNamespace(NAMESPACE).resource(ClusterObjects.pod(NAMESPACE, "server-0", ClusterObjects.SERVER,
                "worker-2", serverAddress, true)).create();
        for (int i = 0; i < usagePolicies; i++) {
            k8s.network().v1().networkPolicies().inNamespace(NAMESPACE).resource(ClusterObjects.policy(NAMESPACE,
                    "allow-" + i, ClusterObjects.matchLabels("role", "server"), PORT + i)).create();
        }
        kafka.createTopics(1, KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC);
        Path kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), api.kubeconfig(NAMESPACE));
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        List<String> command = new ArrayList<>(jvm.command());
        command.addAll(List.of("-jar", agentJar.toString(), "observe", "--namespace", NAMESPACE,
                "--kubeconfig", kubeconfig.toString(), "--node", "worker-0",
                "--bootstrap-servers", kafka.bootstrapServers()));
        Process observer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("observer.log").toFile()).start();
        // Its start (listing the policies) is not the agent's cost: wait for its first view before the agent starts.
        try (ClusterViewListener views = new ClusterViewListener(
                KafkaSinkConfig.of(kafka.bootstrapServers()).idleConsumerProperties(),
                KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC, NAMESPACE)) {
            views.start(OBSERVER_START);
        } catch (IllegalStateException e) {
            observer.destroyForcibly();
            throw new IllegalStateException("the cluster observer sent no view (see " + logs.resolve("observer.log")
                    + "): " + e.getMessage(), e);
        }
        return observer;
    }

    /** The agent's extra arguments and environment as it runs in the client pod (the downward API's variables). */
    private record PodSetting(List<String> args, Map<String, String> env) {
    }

    /** Two readings of an agent's /proc: after the warm-up, and the last, each with its {@code nanoTime}. */
    private record Readings(ProcessUsage warm, long warmAt, ProcessUsage last, long lastAt) {
    }

    /** Runs one test at a time against a fresh bare server in the server pod. */
    private final class Runner {
        private final LabTopology topology;
        private final Path wrapper;
        private final String bootstrapServers;
        private final PrintStream log;
        private final String run = "bench-agent-" + System.currentTimeMillis();
        private int step;
        private int tests;

        Runner(LabTopology topology, Path wrapper, String bootstrapServers, PrintStream log) {
            this.topology = topology;
            this.wrapper = wrapper;
            this.bootstrapServers = bootstrapServers;
            this.log = log;
        }

        /** The agent of the throughput tests: up for all of them, in control mode (no --kubernetes). */
        CommandedAgent commandedAgent(AgentJvm jvm) throws IOException {
            return commandedAgent(jvm, "bench-client", List.of(), Map.of(), "throughput-agent");
        }

        /**
         * An agent in control mode; each has a client pod of its own, so that no agent takes a command meant for
         * another: every agent reads the whole control topic.
         */
        private CommandedAgent commandedAgent(AgentJvm jvm, String clientPod, List<String> args,
                                              Map<String, String> env, String name) throws IOException {
            List<String> command = new ArrayList<>(AgentProcess.controlCommand(agentJar, jvm, wrapper,
                    topology.serverAddress(0), PORT, bootstrapServers, run, clientPod));
            command.addAll(args);
            return CommandedAgent.start(command, env, clientPod, bootstrapServers, topology.serverAddress(0),
                    Files.createDirectories(workDir.resolve("logs")).resolve(name + ".log"));
        }

        /** Received bits per second of one single-stream test, through the running agent or bare (null). */
        double throughput(CommandedAgent agent, int pair) throws Exception {
            try (ReceivingServer server = ReceivingServer.start(topology, PORT, serverOutput())) {
                if (agent != null) {
                    // The bench reads the agent's ack after the test, not during it: in a cluster the driver that
                    // waits for acks is not on the measured node, and its fetches would cost only A tests here.
                    StepCommand command = agent.send(
                            new StepKey(run, Scenario.POLICY, "bench", Protocol.TCP, step++, 0, 1, 1), seconds, 1);
                    try {
                        return server.receivedBitsPerSecond(CommandedAgent.START_AFTER.plusSeconds(seconds + 60L));
                    } finally {
                        agent.awaitDone(command); // if the agent failed, its reason is the error
                    }
                }
                Process client = new ProcessBuilder(topology.inNamespace(topology.clientNamespace(0), List.of("iperf3",
                        "-c", topology.serverAddress(0), "-p", Integer.toString(PORT), "-t", Integer.toString(seconds),
                        "-i", "1", "--forceflush")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    double bps = server.receivedBitsPerSecond(Duration.ofSeconds(seconds + 60L));
                    int exit = client.waitFor(30, TimeUnit.SECONDS) ? client.exitValue() : -1;
                    if (exit != 0) {
                        throw new IllegalStateException("iperf3 client of pair " + pair + " exited with " + exit);
                    }
                    return bps;
                } finally {
                    client.destroyForcibly();
                }
            }
        }

        /**
         * The agent's RSS and CPU over one rate-limited multi-stream test, read from /proc every second: a new agent
         * JVM for the test ({@code --mode once}), or with {@code pod} an agent as the client Deployment runs it,
         * in control mode and in the pod, the test its first command.
         */
        Usage usage(AgentJvm jvm, int length, int streams, String bitrate, PodSetting pod) throws Exception {
            String name = "usage-" + jvm.label().replaceAll("[^A-Za-z0-9]+", "-")
                    + (pod == null ? "" : "-kubernetes");
            int first = step;
            jvm.dropPageCache();
            try (ReceivingServer server = ReceivingServer.start(topology, PORT, serverOutput())) {
                Readings readings;
                if (pod == null) {
                    Process agent = agent(jvm, length, streams, bitrate, name);
                    try {
                        readings = read(agent.pid(), agent::isAlive, length, System.nanoTime());
                        if (agent.waitFor(30, TimeUnit.SECONDS) && agent.exitValue() != 0) {
                            throw new IllegalStateException("agent exited with " + agent.exitValue() + "; see "
                                    + workDir.resolve("logs"));
                        }
                    } finally {
                        agent.destroyForcibly();
                    }
                } else {
                    List<String> args = new ArrayList<>(pod.args());
                    args.addAll(List.of("-b", bitrate));
                    StepKey commanded = new StepKey(run, Scenario.POLICY, "bench", Protocol.TCP, step++, 0, 1, 1);
                    try (CommandedAgent agent = commandedAgent(jvm, POD, args, pod.env(), name)) {
                        long testStart = System.nanoTime() + CommandedAgent.START_AFTER.toNanos();
                        CompletableFuture<Void> test = CompletableFuture.runAsync(
                                () -> agent.test(commanded, length, streams));
                        try {
                            readings = read(agent.pid(), () -> !test.isDone(), length, testStart);
                        } finally {
                            // A test that failed says why the readings ended; the agent closes after it.
                            awaitTest(test);
                        }
                    }
                }
                server.receivedBitsPerSecond(Duration.ofSeconds(30));
                long samples = countSamples(run, first);
                double steadyCpu = readings.last().cpuSeconds() - readings.warm().cpuSeconds();
                double steadyWall = (readings.lastAt() - readings.warmAt()) / 1e9;
                double samplesPerSecond = (double) samples / length;
                Usage usage = new Usage(jvm.label(), pod != null, samples,
                        readings.last().peakRssKiB() / 1024.0, readings.last().rssKiB() / 1024.0,
                        readings.last().cpuSeconds(), steadyCpu / steadyWall * 100,
                        steadyCpu / (samplesPerSecond * steadyWall) * 1000, Machine.now());
                log.printf("  usage [%s]: %d samples, peak RSS %.0f MiB, steady CPU %.2f %% of a core, %.3f s per"
                        + " 1,000 samples%n", label(usage), usage.samples(), usage.peakRssMiB(),
                        usage.steadyCpuPercent(), usage.cpuSecondsPer1000());
                return usage;
            }
        }

        private static void awaitTest(CompletableFuture<Void> test) {
            try {
                test.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        /**
         * Reads /proc/{@code pid} every second while {@code running}: the first reading after a third of the test
         * from its start at {@code testStart} ({@code nanoTime}; at least 5 s: JVM start and class loading are not
         * the steady cost) and the last.
         */
        private Readings read(long pid, BooleanSupplier running, int length, long testStart)
                throws InterruptedException {
            ProcessUsage warm = null;
            long warmAt = 0;
            ProcessUsage last = null;
            long lastAt = 0;
            long warmUp = Math.max(5, length / 3) * 1_000_000_000L;
            while (running.getAsBoolean()) {
                try {
                    ProcessUsage now = ProcessUsage.of(pid);
                    long at = System.nanoTime();
                    if (warm == null && at - testStart >= warmUp) {
                        warm = now;
                        warmAt = at;
                    }
                    last = now;
                    lastAt = at;
                } catch (IOException exited) {
                    break; // /proc/<pid> went away between the check and the read
                }
                TimeUnit.MILLISECONDS.sleep(SAMPLE_EVERY.toMillis());
            }
            if (warm == null || last == null || lastAt <= warmAt) {
                throw new IllegalStateException("the usage run ended before its warm-up; use a longer"
                        + " --usage-seconds");
            }
            return new Readings(warm, warmAt, last, lastAt);
        }

        private Path serverOutput() throws IOException {
            return Files.createDirectories(workDir.resolve("logs")).resolve("server-" + tests++ + ".json");
        }

        private Process agent(AgentJvm jvm, int length, int streams, String bitrate, String name)
                throws IOException {
            Path logs = Files.createDirectories(workDir.resolve("logs"));
            ProcessBuilder builder = new ProcessBuilder(AgentProcess.clientCommand(agentJar, jvm,
                    wrapper, topology.serverAddress(0), PORT, length, streams, bitrate, bootstrapServers, run, step++))
                    .redirectOutput(logs.resolve(name + ".out").toFile())
                    .redirectError(logs.resolve(name + ".log").toFile());
            return builder.start();
        }

        /** Samples the agent delivered for steps from {@code firstStep} on, read back from the topic. */
        private long countSamples(String runId, int firstStep) {
            Map<String, Object> props = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            String topic = KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC;
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long count = 0;
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        Decoded decoded = WireCodec.decode(record.value());
                        if (decoded.record() instanceof Sample s && s.step().run().equals(runId)
                                && s.step().index() >= firstStep) {
                            count++;
                        }
                    }
                }
                log.printf("  %d samples of %s from step %d on%n", count, runId, firstStep);
                return count;
            }
        }
    }

    static void print(Result r, PrintStream out) {
        out.println();
        out.printf("bench agent, %s, %s%n", r.date(), r.machine().describe());
        out.println();
        out.printf("| %-6s | %14s | %14s | %7s | %-22s |%n", "pair", "A: agent", "B: bare, mean", "A/B", "load avg (1/5/15 min)");
        out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(8), "-".repeat(16), "-".repeat(16), "-".repeat(9), "-".repeat(24));
        for (int i = 0; i < r.pairs().size(); i++) {
            Pair p = r.pairs().get(i);
            out.printf("| %-6d | %9.2f Gb/s | %9.2f Gb/s | %7.3f | %-22s |%n", i + 1, p.agentBps() / 1e9,
                    p.bareBps() / 1e9, p.ratio(), load(p.machine()));
        }
        out.printf("| %-6s | %14s | %14s | %7.3f | %-22s |%n", "median", "", "", r.ratio().median(), "");
        out.printf("%.0f%% interval of the median ratio: %.3f to %.3f (order statistics, no assumption about the"
                + " spread)%n", r.ratio().coverage() * 100, r.ratio().low(), r.ratio().high());
        out.println();
        out.printf("| %-44s | %8s | %9s | %9s | %10s | %-22s |%n", "agent JVM (" + r.usageStreams()
                + " streams, " + r.usageSeconds() + " s)", "samples", "peak RSS", "CPU steady", "CPU s/1000",
                "load avg (1/5/15 min)");
        out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(46), "-".repeat(10), "-".repeat(11), "-".repeat(11),
                "-".repeat(12), "-".repeat(24));
        for (Usage u : r.usage()) {
            out.printf("| %-44s | %8d | %5.0f MiB | %7.2f %% | %10.3f | %-22s |%n", label(u), u.samples(),
                    u.peakRssMiB(), u.steadyCpuPercent(), u.cpuSecondsPer1000(), load(u.machine()));
        }
        out.println();
        Goal.print(r.goals(), out);
    }

    private static String label(Usage u) {
        return u.jvm() + (u.inPod() ? ", --kubernetes --mode control" : "");
    }

    private static String load(Machine m) {
        return String.format("%.2f %.2f %.2f", m.load1(), m.load5(), m.load15());
    }
}
