package io.overlaywatch.embedded;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft Kafka (one combined controller and broker) inside this JVM, on loopback. */
public final class LocalKafka implements AutoCloseable {

    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(LocalKafka.class.getName());
    private static final String SASL_LISTENER = "SASL";
    private static final ScramMechanism SCRAM_MECHANISM = ScramMechanism.SCRAM_SHA_512;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClusterTestKit cluster;
    private final int brokerId;
    private final int brokerPort;
    private final int saslPort;
    private final ShutdownHook hook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalKafka(KafkaClusterTestKit cluster, int brokerId, int brokerPort, int saslPort) {
        this.cluster = cluster;
        this.brokerId = brokerId;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.hook = ShutdownHook.register("kafka", this);
    }

    /**
     * Formats a fresh cluster in {@code dataDir}/kafka (whatever was there is deleted) and starts it;
     * returns once the broker accepts clients.
     */
    public static LocalKafka start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, 0);
    }

    /**
     * Like {@link #start(Path)}, with a second listener that takes only SASL_PLAINTEXT with SCRAM-SHA-512
     * ({@link #saslBootstrapServers()}); users are added with {@link #addScramUser}. The plain listener stays for
     * this class's own administration.
     */
    public static LocalKafka startWithScram(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, FreePorts.next());
    }

    private static LocalKafka start(Path dataDir, int saslPort) throws IOException, InterruptedException {
        Path base = dataDir.toAbsolutePath().resolve("kafka");
        // The kit formats its directories with a new cluster id, which old log dirs would refuse.
        deleteRecursively(base);
        Files.createDirectories(base);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .setBaseDirectory(base)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes).setDeleteOnClose(false);
        brokerConfig(nodes).forEach(builder::setConfigProp);
        if (saslPort > 0) {
            scramListenerConfig(nodes, saslPort).forEach(builder::setConfigProp);
        }
        KafkaClusterTestKit cluster;
        try {
            cluster = builder.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up a Kafka broker in " + base, e);
        }
        try {
            moveSocketsToLoopback(cluster, nodes);
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw new IllegalStateException("the Kafka broker in " + base + " did not start", e);
        }
        int brokerId = nodes.brokerNodes().firstKey();
        return new LocalKafka(cluster, brokerId, cluster.brokers().get(brokerId).boundPort(nodes.brokerListenerName()),
                saslPort);
    }

    /** The listener {@code SASL} on the given port, SCRAM-SHA-512 only; its users live in the cluster metadata. */
    private static Map<String, String> scramListenerConfig(TestKitNodes nodes, int port) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listeners", brokerConfig(nodes).get("listeners") + "," + SASL_LISTENER + "://"
                + FreePorts.LOOPBACK + ":" + port);
        config.put("listener.security.protocol.map", String.format("%s:PLAINTEXT,%s:PLAINTEXT,%s:SASL_PLAINTEXT",
                nodes.brokerListenerName().value(), nodes.controllerListenerName().value(), SASL_LISTENER));
        String prefix = "listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        config.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM.mechanismName());
        config.put(prefix + SCRAM_MECHANISM.mechanismName().toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        return config;
    }

    static Map<String, String> brokerConfig(TestKitNodes nodes) {
        // Strings, as in server.properties: the kit hands them to KafkaConfig, which rejects an Integer for a short.
        Map<String, String> config = new LinkedHashMap<>();
        // The kit's default is localhost:0; 127.0.0.1 is what clients are told and where
        // moveSocketsToLoopback has the ports bound. Port 0: the kit has chosen them already.
        config.put("listeners", String.format("%s://%s:0,%s://%s:0",
                nodes.brokerListenerName().value(), FreePorts.LOOPBACK,
                nodes.controllerListenerName().value(), FreePorts.LOOPBACK));
        // Topics created on first use (producers, Flink) get two partitions: enough to exercise keys.
        config.put("num.partitions", "2");
        // One node: every internal topic has exactly one replica.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions (default 50) make the first consumer group or transaction quick.
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.num.partitions", "4");
        // Consumers join at once instead of waiting 3 s for more members that never come.
        config.put("group.initial.rebalance.delay.ms", "0");
        // Kafka's 9 s session: a 3 s one lets the controller fence the only broker whenever a loaded machine
        // delays its heartbeats for a few seconds, and its partitions lose their leader meanwhile. A broker
        // restarted at once (restartBroker) registers when its old session expires, so up to 9 s later.
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "9000");
        // A demo broker serves a handful of clients; the defaults start dozens of threads.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("num.recovery.threads.per.data.dir", "1");
        return config;
    }

    /**
     * The kit pre-binds every listener port on the wildcard address (all interfaces), so that it
     * knows the ports before the servers start and a restarted broker gets its port back. Closing
     * those sockets makes the kit's socket factory bind the same ports again, but on the address
     * in {@code listeners}: 127.0.0.1.
     */
    private static void moveSocketsToLoopback(KafkaClusterTestKit cluster, TestKitNodes nodes) {
        try {
            // Not public in kafka-test-common-runtime 4.2.2; LocalKafkaITCase checks the outcome.
            Field field = KafkaClusterTestKit.class.getDeclaredField("socketFactoryManager");
            field.setAccessible(true);
            PreboundSocketFactoryManager sockets = (PreboundSocketFactoryManager) field.get(cluster);
            for (int id : nodes.controllerNodes().keySet()) {
                closeIfBound(sockets.getSocketForListenerAndMarkAsUsed(id, nodes.controllerListenerName().value()));
            }
            for (int id : nodes.brokerNodes().keySet()) {
                closeIfBound(sockets.getSocketForListenerAndMarkAsUsed(id, nodes.brokerListenerName().value()));
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            // Still a working broker, only less private; not worth failing the demo for.
            LOG.log(System.Logger.Level.WARNING, "Kafka listens on all interfaces, not only "
                    + FreePorts.LOOPBACK + ": " + e);
        }
    }

    private static void closeIfBound(ServerSocketChannel wildcard) throws IOException {
        if (wildcard != null) {
            wildcard.close();
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    /** The kit's formatter prints to standard output, which is where the demo prints its results. */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream stdout = System.out;
        synchronized (System.class) {
            System.setOut(System.err);
            try {
                cluster.format();
            } finally {
                System.setOut(stdout);
            }
        }
    }

    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + brokerPort;
    }

    /** {@code 127.0.0.1:<port>} of the SASL_PLAINTEXT listener of {@link #startWithScram}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker was started without SASL; use startWithScram");
        }
        return FreePorts.LOOPBACK + ":" + saslPort;
    }

    /** Creates (or updates) a SCRAM-SHA-512 user that may then log in on {@link #saslBootstrapServers()}. */
    public void addScramUser(String user, String password) throws InterruptedException {
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "overlaywatch-embedded-admin"))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(SCRAM_MECHANISM, 4096), password))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot add SCRAM user " + user + " on " + bootstrapServers(), e.getCause());
        }
    }

    /** Creates each topic with {@code partitions} partitions and one replica; topics that exist are left as they are. */
    public void createTopics(int partitions, String... names) throws InterruptedException {
        List<NewTopic> topics = Arrays.stream(names)
                .map(name -> new NewTopic(name, partitions, (short) 1))
                .collect(Collectors.toList());
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "overlaywatch-embedded-admin"))) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey()
                                + " on " + bootstrapServers(), e.getCause());
                    }
                }
            }
            // Created is not yet writable: on a loaded machine a partition can stay without a leader for longer
            // than a producer waits for its metadata (seen as a 30 s send timeout right after creation).
            Await.until("leaders for every partition of " + String.join(", ", names), TOPIC_READY_TIMEOUT,
                    () -> admin.describeTopics(Arrays.asList(names)).allTopicNames().get().values().stream()
                            .flatMap(topic -> topic.partitions().stream())
                            .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
        }
    }

    /**
     * Everything on {@code topic} up to its end at the time of asking, committed records only, in
     * partition then offset order: what a read_committed consumer of each partition sees.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /** Stops the broker, keeping the controller and all data: clients see the broker vanish (fault injection). */
    public void stopBroker() {
        BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
    }

    /**
     * Starts the broker stopped by {@link #stopBroker()} with the same data on the same port (the
     * kit remembers it), so clients reconnect by themselves; returns once it serves again.
     */
    public void restartBroker() throws InterruptedException {
        // startup() returns when the controller has unfenced the broker.
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kafka broker did not come back on " + bootstrapServers(), e.getCause());
        }
    }

    private BrokerServer broker() {
        return cluster.brokers().get(brokerId);
    }

    /** Stops broker and controller and their threads; the files stay in the data folder. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        hook.unregister();
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the Kafka broker on " + bootstrapServers() + " failed", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing a Kafka broker that failed to start failed too: " + e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }

    @Override
    public String toString() {
        return "Kafka at " + bootstrapServers();
    }
}
