package io.overlaywatch.agents;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.probe.ListeningPorts;
import io.overlaywatch.agents.sink.TopicRecords;
import io.overlaywatch.embedded.ClusterObjects;
import io.overlaywatch.embedded.FreePorts;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.embedded.MockApiServer;
import io.overlaywatch.model.ClusterView;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents as they run in a client and a server pod: each its own JVM with the downward API's variables, next to
 * the cluster observer ({@code agent observe}, its own JVM too) that alone watches the Kubernetes API server stand-in
 * (CRUD mode); a real broker and real iperf3 on 127.0.0.1. Policies and pods added while they probe show up in the
 * later samples of both sides.
 */
@Timeout(180)
class ClusterAgentITCase {

    private static final String NS = "bench";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private LocalKafka kafka;
    private MockApiServer api;
    private Process observer;
    private Process iperf3Server;
    private Process server;
    private Process agent;

    @BeforeEach
    void start() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        api = new MockApiServer();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {agent, server, iperf3Server, observer}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
        api.close();
        kafka.close();
    }

    @Test
    void shouldTagLiveSamplesWithTheCountsThatFollowTheObjects() throws Exception {
        KubernetesClient k8s = api.client();
        k8s.apps().daemonSets().inNamespace("kube-system")
                .resource(ClusterObjects.daemonSet("calico-node", "docker.io/calico/node:v3.27.0")).create();
        createPod(k8s, ClusterObjects.pod(NS, "client-0", ClusterObjects.CLIENT, "worker-1", "10.244.1.5", true));
        createPod(k8s, ClusterObjects.pod(NS, "client-1", ClusterObjects.CLIENT, "worker-1", "10.244.1.6", true));
        // The server pod's IP is where the agent is told to probe: loopback here.
        createPod(k8s, ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", FreePorts.LOOPBACK, true));
        createPolicy(k8s, "allow-5201", "server", 5201);
        createPolicy(k8s, "allow-5202", "server", 5202);
        String samples = "samples-" + UUID.randomUUID();
        String counters = "counters-" + UUID.randomUUID();
        String cluster = "cluster-" + UUID.randomUUID();
        kafka.createTopics(1, samples, counters, cluster);
        observer = startObserver(cluster, counters);
        int port = FreePorts.next();
        // The server pod's agent: test after test, receiver samples labelled with its own pod and node.
        server = startAgent("server-0", "worker-2", "server", "--repeat", "--bind", FreePorts.LOOPBACK,
                "--port", Integer.toString(port), "--time", "2", "--run", "live-it",
                "--samples-topic", samples, "--cluster-topic", cluster);
        awaitListening(port, server);

        agent = startAgent("client-0", "worker-1", "client", "--mode", "live",
                "--server", FreePorts.LOOPBACK, "--port", Integer.toString(port), "--time", "2",
                // The pause leaves the server agent time to start its next iperf3 -s -1, even on a busy machine.
                "--pause", "2", "--jitter", "1", "--run", "live-it",
                "--samples-topic", samples, "--cluster-topic", cluster);

        List<WireRecord> before = read(samples, r -> bothSides(r, s -> s.step().policies() == 2));
        assertThat(samplesWhere(before, s -> true)).as("samples before the change").allSatisfy(s -> {
            assertThat(s.step().policies()).isEqualTo(2);
            assertThat(s.step().pods()).isEqualTo(2);
            assertThat(s.step().scenario()).isEqualTo(Scenario.LIVE);
            assertThat(s.step().cni()).isEqualTo("calico-v3.27.0");
            assertThat(s.serverPod()).isEqualTo("server-0");
            assertThat(s.dstNode()).isEqualTo("worker-2");
            assertThat(s.problems()).isEmpty();
        });
        assertThat(samplesWhere(before, s -> s.side() == Side.SENDER)).allSatisfy(s -> {
            assertThat(s.clientPod()).isEqualTo("client-0");
            assertThat(s.srcNode()).isEqualTo("worker-1");
        });
        assertThat(samplesWhere(before, s -> s.side() == Side.RECEIVER)).as("iperf3 -s cannot tell its client")
                .allSatisfy(s -> assertThat(s.srcNode()).isEqualTo("unknown"));

        long changedAt = System.currentTimeMillis();
        createPolicy(k8s, "allow-5203", "server", 5203);
        createPolicy(k8s, "allow-5204", "server", 5204);
        createPolicy(k8s, "clients-egress", "client", 5205);
        createPod(k8s, ClusterObjects.pod(NS, "client-2", ClusterObjects.CLIENT, "worker-3", "10.244.3.5", true));

        List<WireRecord> after = read(samples, r -> bothSides(r, s -> s.step().policies() == 5 && s.step().pods() == 3)
                && samplesWhere(r, s -> s.side() == Side.SENDER).stream().map(s -> s.step().index()).distinct()
                .count() >= 2);
        List<Sample> all = samplesWhere(after, s -> true);
        assertThat(after).noneMatch(ProbeError.class::isInstance);
        // Samples are dated when their lines are read, which a busy machine delays: compare each agent's samples
        // with its own, not with the test's clock.
        for (Side side : Side.values()) {
            List<Sample> ofSide = all.stream().filter(s -> s.side() == side).toList();
            long firstNew = ofSide.stream().filter(s -> s.step().policies() == 5).mapToLong(Sample::time).min()
                    .orElseThrow();
            assertThat(ofSide).filteredOn(s -> s.time() >= firstNew).as("%s samples keep the new counts", side)
                    .allSatisfy(s -> assertThat(s.step().policies()).isEqualTo(5));
            System.out.printf("first %s sample with the new count %d ms after the change%n", side,
                    firstNew - changedAt);
        }
        assertThat(all).filteredOn(s -> s.side() == Side.SENDER).extracting(s -> s.step().index())
                .as("one step per live test").contains(0, 1);

        List<WireRecord> counted = read(counters, r -> r.stream().anyMatch(c -> c instanceof Counter x
                && x.name().equals("policies_selecting_pod") && x.value() == 1));
        Optional<Counter> selecting = counted.stream().map(Counter.class::cast)
                .filter(c -> c.name().equals("policies_selecting_pod") && c.value() == 1).findFirst();
        assertThat(selecting).hasValueSatisfying(c -> {
            assertThat(c.labels()).containsEntry("pod", "client-0").containsEntry("namespace", NS);
            assertThat(c.node()).isEqualTo("worker-1");
            assertThat(c.source()).isEqualTo("kubernetes");
            System.out.printf("counter policies_selecting_pod=1 read %d ms after the change%n", c.time() - changedAt);
        });
        assertThat(counted).map(Counter.class::cast).filteredOn(c -> c.name().equals("policies"))
                .extracting(Counter::value).contains(2.0, 5.0);

        // The observer's Role in deploy/ grants exactly these; one that needed more would fail in a real cluster. The
        // agents have no kubeconfig: the observer is the only caller.
        java.util.Set<String> calls = api.callsWithToken(MockApiServer.KUBECONFIG_TOKEN);
        System.out.println("API calls of the observer: " + calls);
        assertThat(calls).containsExactlyInAnyOrder("list pods bench", "watch pods bench",
                "list networkpolicies bench", "watch networkpolicies bench", "list daemonsets kube-system");

        // --period 2: the last view comes again, unchanged but with the time it was sent at.
        List<ClusterView> views = read(cluster, r -> republished(r) != null).stream()
                .map(ClusterView.class::cast).toList();
        ClusterView again = republished(views);
        assertThat(views.get(views.indexOf(again) - 1).time()).isLessThan(again.time());
        assertThat(views).allSatisfy(v -> assertThat(v.problems()).isEmpty())
                .allSatisfy(v -> assertThat(v.namespace()).isEqualTo(NS));

        List<ProcessHandle> children = new ArrayList<>(agent.descendants().toList());
        children.addAll(server.descendants().toList());
        agent.destroy();
        server.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the client agent stops on SIGTERM").isTrue();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server agent stops on SIGTERM").isTrue();
        assertThat(children).as("no iperf3 left behind").noneMatch(ProcessHandle::isAlive);
    }

    /** The first view that repeats the state of the one before it, or null. */
    private static ClusterView republished(List<? extends WireRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i) instanceof ClusterView v && v.sameState((ClusterView) records.get(i - 1))) {
                return v;
            }
        }
        return null;
    }

    /** A sender sample from the client's agent and a receiver sample from the server's both satisfy the condition. */
    private static boolean bothSides(List<WireRecord> records, Predicate<Sample> condition) {
        return !samplesWhere(records, s -> s.side() == Side.SENDER && condition.test(s)).isEmpty()
                && !samplesWhere(records, s -> s.side() == Side.RECEIVER && condition.test(s)).isEmpty();
    }

    @Test
    void shouldRunACommandedStepAsItsPodAndAcknowledgeIt() throws Exception {
        KubernetesClient k8s = api.client();
        createPod(k8s, ClusterObjects.pod(NS, "client-0", ClusterObjects.CLIENT, "worker-1", "10.244.1.5", true));
        createPod(k8s, ClusterObjects.pod(NS, "server-0", ClusterObjects.SERVER, "worker-2", FreePorts.LOOPBACK, true));
        String id = UUID.randomUUID().toString();
        String samples = "samples-" + id;
        String steps = "steps-" + id;
        String counters = "counters-" + id;
        String control = "control-" + id;
        String cluster = "cluster-" + id;
        kafka.createTopics(1, samples, steps, counters, control, cluster);
        observer = startObserver(cluster, counters);
        int port = FreePorts.next();
        iperf3Server = new ProcessBuilder("/usr/bin/iperf3", "-s", "-B", FreePorts.LOOPBACK, "-p", Integer.toString(port))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        awaitListening(port, iperf3Server);
        StepKey step = new StepKey("sweep-it", Scenario.POLICY, "calico-v3.27.0", Protocol.TCP, 2, 100, 1, 1);

        // Its own --server refuses (nothing listens on 127.0.0.2): the command's pairing must be what it follows.
        agent = startAgent("client-0", "worker-1", "client", "--mode", "control",
                "--server", "127.0.0.2", "--port", Integer.toString(port),
                "--cni", "calico-v3.27.0", "--samples-topic", samples, "--steps-topic", steps,
                "--cluster-topic", cluster, "--control-topic", control);
        // Its first line about the run means it read a view and found its pod (a JVM start can take many seconds on a
        // busy machine); the command, read from the topic's beginning, starts its test some seconds later.
        awaitLog("client-0", "control mode");
        TopicRecords.send(kafka.bootstrapServers(), control, WireCodec.encode(new StepCommand(WireRecord.VERSION,
                System.currentTimeMillis(), step, System.currentTimeMillis() + 10_000, 2, 0, 1, 0, List.of("client-0"),
                Map.of("client-0", FreePorts.LOOPBACK))));

        List<WireRecord> acks = read(steps, r -> r.stream().anyMatch(a -> a instanceof StepAck x
                && x.status() != StepAck.Status.ACCEPTED));
        assertThat(acks).map(StepAck.class::cast).extracting(StepAck::clientPod, StepAck::status, StepAck::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("client-0", StepAck.Status.ACCEPTED, step),
                        org.assertj.core.groups.Tuple.tuple("client-0", StepAck.Status.DONE, step));
        List<Sample> measured = samplesWhere(read(samples, r -> !samplesWhere(r, s -> true).isEmpty()), s -> true);
        assertThat(measured).allSatisfy(s -> {
            assertThat(s.step()).as("the commanded step, untouched").isEqualTo(step);
            assertThat(s.clientPod()).isEqualTo("client-0");
            assertThat(s.serverPod()).isEqualTo("server-0");
            assertThat(s.dstNode()).isEqualTo("worker-2");
        });
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
    }

    /** The cluster observer as its Deployment runs it, with the API server's address and its own node. */
    private Process startObserver(String clusterTopic, String countersTopic) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig(NS));
        return start("observer", List.of("observe", "--kubeconfig", kubeconfig.toString(), "--node", "worker-9",
                "--period", "2", "--pod-selector", "app.kubernetes.io/part-of=overlaywatch",
                "--bootstrap-servers", kafka.bootstrapServers(), "--cluster-topic", clusterTopic,
                "--counters-topic", countersTopic), Map.of("POD_NAMESPACE", NS));
    }

    /** An agent as its pod runs it: the downward API's variables, no access to the API server. */
    private Process startAgent(String pod, String node, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(args[0], "--kubernetes", "--iperf3", "/usr/bin/iperf3",
                "--bootstrap-servers", kafka.bootstrapServers()));
        command.addAll(List.of(args).subList(1, args.length));
        // As the downward API passes them to a pod.
        return start(pod, command, Map.of("POD_NAME", pod, "POD_NAMESPACE", NS, "NODE_NAME", node));
    }

    private Process start(String name, List<String> args, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(AgentRuntime.command(AgentMain.class, args))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for a line in a process's log that holds {@code text}. */
    private void awaitLog(String name, String text) throws java.io.IOException {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            assertThat(agentsAlive()).as("the agents are running; their logs:%n%s", logTail()).isTrue();
            assertThat(System.nanoTime()).as("'%s' in %s's log; the logs:%n%s", text, name, logTail())
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The last lines of each agent's log. */
    private String logTail() throws java.io.IOException {
        StringBuilder tail = new StringBuilder();
        for (String pod : List.of("observer", "client-0", "server-0")) {
            Path log = dir.resolve(pod + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                tail.append("--- ").append(pod).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                        .append('\n');
            }
        }
        return tail.toString();
    }

    private boolean agentsAlive() {
        return observer.isAlive() && agent.isAlive() && (server == null || server.isAlive());
    }

    private static void createPod(KubernetesClient k8s, io.fabric8.kubernetes.api.model.Pod pod) {
        k8s.pods().inNamespace(NS).resource(pod).create();
    }

    private static void createPolicy(KubernetesClient k8s, String name, String role, int port) {
        k8s.network().v1().networkPolicies().inNamespace(NS)
                .resource(ClusterObjects.policy(NS, name, ClusterObjects.matchLabels("role", role), port)).create();
    }

    /** Waits for iperf3 -s; an agent's JVM can take many seconds to start it on a busy machine. */
    private static void awaitListening(int port, Process owner) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!ListeningPorts.isListening(port)) {
            assertThat(owner.isAlive()).as("the process that should listen on %d is running", port).isTrue();
            assertThat(System.nanoTime()).as("iperf3 -s listening on %d", port).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static List<Sample> samplesWhere(List<WireRecord> records, Predicate<Sample> condition) {
        return records.stream().filter(Sample.class::isInstance).map(Sample.class::cast)
                .filter(s -> !s.sum() && !s.omitted()).filter(condition).toList();
    }

    private List<WireRecord> read(String topic, Predicate<List<WireRecord>> done) throws java.io.IOException {
        List<WireRecord> records = TopicRecords.readUntil(kafka.bootstrapServers(), topic,
                r -> done.test(r) || !agentsAlive(), WITHIN);
        assertThat(agentsAlive()).as("the agents are running; their logs:%n%s", logTail()).isTrue();
        assertThat(done.test(records)).as("%s did not get the expected records within %s; last: %s; the agents' logs:%n%s",
                topic, WITHIN, records.isEmpty() ? "none" : records.get(records.size() - 1), logTail()).isTrue();
        return records;
    }
}
