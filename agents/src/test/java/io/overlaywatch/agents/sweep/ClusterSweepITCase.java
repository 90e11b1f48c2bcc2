package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.overlaywatch.agents.deploy.ApiCall;
import io.overlaywatch.agents.deploy.DeployManifests;
import io.overlaywatch.agents.deploy.RoleChecker;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep driver against the mock API server (CRUD mode) and a real KRaft broker: the test plays the Deployment
 * controller and the client agents, and checks what the cluster held at every step, the markers and acks on the steps
 * topic, the cleanup after success and failure, and that every API call the driver made is allowed by its Role.
 */
@Timeout(180)
class ClusterSweepITCase {

    private static final String NAMESPACE = "overlaywatch-bench";
    private static final BiFunction<StepCommand, String, StepAck.Status> ALL_DONE = (c, client) -> StepAck.Status.DONE;

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    private MockCluster cluster;
    private KafkaSinkConfig config;
    private String controlTopic;
    private final String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = LocalKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        String suffix = UUID.randomUUID().toString();
        controlTopic = "control-" + suffix;
        config = KafkaSinkConfig.of(kafka.bootstrapServers()).withTopics("samples-" + suffix, "steps-" + suffix)
                .withCountersTopic("counters-" + suffix);
        kafka.createTopics(1, controlTopic);
        kafka.createTopics(3, config.samplesTopic(), config.stepsTopic(), config.countersTopic());
        cluster = new MockCluster();
        // Two replicas before the run, so that restoring them is visible.
        cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName("overlaywatch-client").scale(2);
        cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName("overlaywatch-server").scale(2);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private int sweep(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--run", run, "--cni", "calico", "--namespace", NAMESPACE,
                "--bootstrap-servers", config.bootstrapServers(), "--control-topic", controlTopic,
                "--steps-topic", config.stepsTopic(), "--samples-topic", config.samplesTopic(),
                "--counters-topic", config.countersTopic(),
                "--settle", "0", "--start-lead", "0", "--duration", "1", "--omit", "0", "--repetitions", "1"));
        return SweepMain.run(context -> cluster.driverClient(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
    }

    @Test
    void shouldHoldExactlyTheStepsPolicySetAtEveryStepAndRemoveItAfterwards() throws Exception {
        List<FakeClientAgents.Received> received;
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, ALL_DONE)) {
            assertThat(sweep("policy", "--counts", "1,3,10,4", "--protocols", "tcp,udp")).as(text(err)).isZero();
            received = clients.received();
        }

        assertThat(received).extracting(r -> r.command().step().policies()).containsExactly(1, 1, 3, 3, 10, 10, 4, 4);
        for (FakeClientAgents.Received r : received) {
            int count = r.command().step().policies();
            List<NetworkPolicy> policies = r.policies().stream()
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
            assertThat(policies).hasSize(count);
            for (NetworkPolicy policy : policies) {
                assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("overlaywatch.io/role", "server"));
                assertThat(policy.getSpec().getIngress()).singleElement().satisfies(ingress ->
                        assertThat(ingress.getFrom()).singleElement().satisfies(from ->
                                assertThat(from.getPodSelector().getMatchLabels())
                                        .isEqualTo(Map.of("overlaywatch.io/role", "client"))));
                assertThat(policy.getMetadata().getLabels()).containsEntry("overlaywatch.io/run", run);
            }
            // Policies differ only by port; the traffic's port is in the last, and in no other.
            List<Integer> ports = policies.stream().map(ClusterSweepITCase::port).toList();
            assertThat(ports.get(count - 1)).isEqualTo(5201);
            assertThat(ports.subList(0, count - 1)).doesNotContain(5201).doesNotHaveDuplicates();
            assertThat(r.command().clients()).containsExactly("overlaywatch-client-0");
            assertThat(r.replicas()).containsEntry("overlaywatch-client", 1).containsEntry("overlaywatch-server", 1);
        }
        assertThat(received).extracting(r -> r.command().step().index()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);

        assertCleanedUp();
        assertMarkedAndAcked(8, 8 * 3);
        // This sweep makes every kind of call the driver has (create, update and delete of policies, scaling,
        // readiness), so the Role must grant exactly these: no more.
        List<ApiCall> calls = cluster.takeDriverCalls();
        assertAllowedBySweepRole(calls);
        assertThat(sweepRole().grants()).containsExactlyInAnyOrderElementsOf(calls.stream()
                .map(c -> new RoleChecker.Grant(c.namespace(), c.group(), c.rbacResource(), c.verb()))
                .collect(Collectors.toSet()));
    }

    @Test
    void shouldScaleBothDeploymentsAndCommandEveryReadyClientAtOnce() throws Exception {
        List<FakeClientAgents.Received> received;
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, ALL_DONE)) {
            assertThat(sweep("pod", "--pods", "1,3,2", "--policies", "2", "--protocols", "tcp")).as(text(err)).isZero();
            received = clients.received();
        }

        assertThat(received).hasSize(3);
        for (FakeClientAgents.Received r : received) {
            int pods = r.command().step().pods();
            assertThat(r.command().clients()).containsExactlyElementsOf(IntStream.range(0, pods)
                    .mapToObj(i -> "overlaywatch-client-" + i).toList());
            assertThat(r.replicas()).containsEntry("overlaywatch-client", pods).containsEntry("overlaywatch-server", pods);
            // Every client gets a server of its own: iperf3 serves one test at a time.
            assertThat(r.command().servers()).containsOnlyKeys(r.command().clients());
            assertThat(r.command().servers().values()).doesNotHaveDuplicates()
                    .allSatisfy(ip -> assertThat(ip).startsWith("10.244.2."));
            assertThat(r.policies()).hasSize(2);
            assertThat(r.command().step().policies()).isEqualTo(2);
        }
        assertThat(received).extracting(r -> r.command().step().pods()).containsExactly(1, 3, 2);
        assertCleanedUp();
        assertMarkedAndAcked(3, (2 + 1) + (2 + 3) + (2 + 2));
        assertAllowedBySweepRole(cluster.takeDriverCalls());
    }

    @Test
    void shouldCleanUpWhenPodsNeverBecomeReady() throws Exception {
        // Room for one pod per Deployment only: the second point cannot be reached.
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 1);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, ALL_DONE)) {
            assertThat(sweep("pod", "--pods", "1,2", "--policies", "3", "--protocols", "tcp", "--ready-timeout", "2"))
                    .isEqualTo(1);
            assertThat(clients.received()).hasSize(1);
        }
        assertThat(text(err)).contains("1 of 2 client and 1 of 2 server pods are ready");
        assertCleanedUp();
        assertAllowedBySweepRole(cluster.takeDriverCalls());
    }

    @Test
    void shouldStopAtAFailedStepWhenToldAndCleanUp() throws Exception {
        BiFunction<StepCommand, String, StepAck.Status> failSecond =
                (c, client) -> c.step().index() == 1 ? StepAck.Status.FAILED : StepAck.Status.DONE;
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, failSecond)) {
            assertThat(sweep("policy", "--counts", "1,2,3", "--protocols", "tcp", "--stop-on-failure")).isEqualTo(1);
            assertThat(clients.received()).hasSize(2);
        }
        assertThat(text(out)).contains("1 steps done, 1 failed")
                .contains("overlaywatch-client-0 failed: iperf3: unable to connect to server");
        assertCleanedUp();
    }

    @Test
    void shouldRecordAClientThatNeverAnswersAndGoOn() throws Exception {
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE,
                     (c, client) -> c.step().index() == 0 ? null : StepAck.Status.DONE)) {
            assertThat(sweep("policy", "--counts", "1,2", "--protocols", "tcp", "--ack-grace", "1")).isEqualTo(1);
            assertThat(clients.received()).hasSize(2);
        }
        assertThat(text(out)).contains("1 steps done, 1 failed").contains("no answer from overlaywatch-client-0");
        assertCleanedUp();
    }

    @Test
    void shouldStartAStepOnlyOnceTheCniCounterReadsItsPolicies() throws Exception {
        List<FakeClientAgents.Received> received;
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeCniCounter gauge = new FakeCniCounter(config, cluster.helper(), NAMESPACE, 2, 1_500, false);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, ALL_DONE)) {
            assertThat(sweep("policy", "--counts", "1,5", "--protocols", "tcp",
                    "--programmed-counter", FakeCniCounter.NAME, "--programmed-offset", "2")).as(text(err)).isZero();
            received = clients.received();
            for (FakeClientAgents.Received r : received) {
                Long programmedAt = gauge.firstPublished(r.command().step().policies() + 2);
                assertThat(programmedAt).isNotNull();
                assertThat(r.command().time()).as("command after the gauge read the step's policies")
                        .isGreaterThanOrEqualTo(programmedAt);
            }
        }
        assertThat(received).extracting(r -> r.command().step().policies()).containsExactly(1, 5);
        assertThat(text(err)).contains(FakeCniCounter.NAME + " reads 7 on node-b: programmed after");
        assertCleanedUp();
    }

    @Test
    void shouldStopAndCleanUpWhenTheCniCounterNeverGetsThere() throws Exception {
        try (FakeReplicaController controller = new FakeReplicaController(cluster.helper(), NAMESPACE, 10);
             FakeCniCounter gauge = new FakeCniCounter(config, cluster.helper(), NAMESPACE, 0, 0, true);
             FakeClientAgents clients = new FakeClientAgents(config, controlTopic, cluster.helper(), NAMESPACE, ALL_DONE)) {
            assertThat(sweep("policy", "--counts", "3", "--protocols", "tcp",
                    "--programmed-counter", FakeCniCounter.NAME, "--programmed-timeout", "2")).isEqualTo(1);
            assertThat(clients.received()).isEmpty();
        }
        assertThat(text(err)).contains(FakeCniCounter.NAME + " did not reach 3 within 2 s")
                .contains("last readings: {node-b=0.0}");
        assertCleanedUp();
    }

    private void assertCleanedUp() {
        assertThat(cluster.helper().network().v1().networkPolicies().inNamespace(NAMESPACE)
                .withLabel("overlaywatch.io/run", run).list().getItems()).isEmpty();
        for (String name : List.of("overlaywatch-client", "overlaywatch-server")) {
            assertThat(cluster.helper().apps().deployments().inNamespace(NAMESPACE).withName(name).get()
                    .getSpec().getReplicas()).as(name + " replicas restored").isEqualTo(2);
        }
    }

    /** START, every client's ack, END for each step, in that order per step. */
    private void assertMarkedAndAcked(int steps, int expectedRecords) {
        Map<StepKey, List<WireRecord>> byStep = readSteps(expectedRecords).stream()
                .collect(Collectors.groupingBy(ClusterSweepITCase::stepOf, java.util.LinkedHashMap::new, Collectors.toList()));
        assertThat(byStep).hasSize(steps);
        byStep.forEach((step, records) -> {
            assertThat(step.run()).isEqualTo(run);
            assertThat(step.cni()).isEqualTo("calico");
            List<WireRecord> sorted = records.stream().sorted(Comparator.comparingLong(WireRecord::time)).toList();
            assertThat(sorted.get(0)).isInstanceOfSatisfying(StepMarker.class,
                    m -> assertThat(m.phase()).isEqualTo(StepMarker.Phase.START));
            assertThat(sorted.get(sorted.size() - 1)).isInstanceOfSatisfying(StepMarker.class,
                    m -> assertThat(m.phase()).isEqualTo(StepMarker.Phase.END));
            assertThat(sorted.stream().filter(r -> r instanceof StepAck).count()).isEqualTo(step.pods());
        });
    }

    private List<WireRecord> readSteps(int atLeast) {
        List<WireRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "steps-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(config.stepsTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(WireCodec.decode(record.value()).record());
                }
            }
        }
        assertThat(records).hasSize(atLeast);
        return records;
    }

    private static StepKey stepOf(WireRecord record) {
        return record instanceof StepMarker m ? m.step() : ((StepAck) record).step();
    }

    private static RoleChecker sweepRole() {
        return DeployManifests.load().rolesOf("overlaywatch-sweep", NAMESPACE);
    }

    private static void assertAllowedBySweepRole(List<ApiCall> calls) {
        assertThat(calls).isNotEmpty();
        assertThat(sweepRole().denied(calls)).as("calls the sweep Role does not allow").isEmpty();
        // What the driver needs, printed for the README's RBAC notes.
        Set<String> kinds = calls.stream().map(c -> c.verb() + " " + c.rbacResource()).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("sweep driver API calls: " + kinds);
    }

    private static int port(NetworkPolicy policy) {
        List<NetworkPolicyPort> ports = policy.getSpec().getIngress().get(0).getPorts();
        assertThat(ports).extracting(NetworkPolicyPort::getProtocol).containsExactly("TCP", "UDP");
        Set<Integer> numbers = ports.stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
        assertThat(numbers).hasSize(1);
        return numbers.iterator().next();
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
