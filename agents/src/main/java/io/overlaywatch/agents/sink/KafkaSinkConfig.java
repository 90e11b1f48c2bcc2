package io.overlaywatch.agents.sink;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where and how the agent produces: brokers, topic names and extra producer settings (e.g. security).
 *
 * @param bootstrapServers  Kafka brokers, {@code host:port[,host:port]}
 * @param samplesTopic      topic of samples and probe errors
 * @param stepsTopic        topic of step markers
 * @param countersTopic     topic of counter readings (interfaces, /proc/net/snmp, CNI metrics)
 * @param producerOverrides extra producer settings by their Kafka names; unknown names and the
 *                          settings the agent fixes (serializers, acks, idempotence) are rejected
 * @param bufferRecords     records held in memory until the broker acknowledges them; more spill to a file
 * @param spillDir          folder of the spill file, which holds what does not fit in memory while Kafka is away
 */
public record KafkaSinkConfig(String bootstrapServers, String samplesTopic, String stepsTopic, String countersTopic,
                              Map<String, String> producerOverrides, int bufferRecords, Path spillDir) {

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String DEFAULT_SAMPLES_TOPIC = "overlaywatch.samples";
    public static final String DEFAULT_STEPS_TOPIC = "overlaywatch.steps";
    public static final String DEFAULT_COUNTERS_TOPIC = "overlaywatch.counters";
    /** The sweep driver's step commands to the client agents. */
    public static final String DEFAULT_CONTROL_TOPIC = "overlaywatch.control";
    public static final String DEFAULT_CLUSTER_TOPIC = "overlaywatch.cluster";
    /** See {@link #idleConsumerProperties()}. */
    public static final Duration IDLE_FETCH_WAIT = Duration.ofSeconds(10);
    public static final CloseOptions IDLE_CONSUMER_CLOSE = CloseOptions.timeout(Duration.ofSeconds(2));
    /** About 5 MB of samples: a minute of 40 parallel streams from both ends. */
    public static final int DEFAULT_BUFFER_RECORDS = 10_000;
    public static final Path DEFAULT_SPILL_DIR = Path.of(System.getProperty("java.io.tmpdir"), "overlaywatch-spill");

    /** Settings the sink owns: the wire format and delivery guarantees are not the user's to change. */
    static final Set<String> FIXED_KEYS = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);

    public KafkaSinkConfig {
        requireText("bootstrap servers", bootstrapServers);
        requireText("samples topic", samplesTopic);
        requireText("steps topic", stepsTopic);
        requireText("counters topic", countersTopic);
        producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
        if (bufferRecords < 1) {
            throw new IllegalArgumentException("buffer records must be at least 1, was " + bufferRecords);
        }
        if (spillDir == null) {
            throw new IllegalArgumentException("spill directory must be given");
        }
        Set<String> known = ProducerConfig.configNames();
        for (String key : new TreeMap<>(producerOverrides).keySet()) {
            if (FIXED_KEYS.contains(key)) {
                throw new IllegalArgumentException("producer setting '" + key + "' is fixed by the agent and cannot be set");
            }
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown producer setting '" + key + "'");
            }
        }
    }

    /** The given brokers, topics and producer settings with the default buffer and spill folder. */
    public KafkaSinkConfig(String bootstrapServers, String samplesTopic, String stepsTopic, String countersTopic,
                           Map<String, String> producerOverrides) {
        this(bootstrapServers, samplesTopic, stepsTopic, countersTopic, producerOverrides, DEFAULT_BUFFER_RECORDS,
                DEFAULT_SPILL_DIR);
    }

    /** The defaults: local broker, default topic names, no extra settings. */
    public static KafkaSinkConfig defaults() {
        return of(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The given brokers with default topic names and no extra settings. */
    public static KafkaSinkConfig of(String bootstrapServers) {
        return new KafkaSinkConfig(bootstrapServers, DEFAULT_SAMPLES_TOPIC, DEFAULT_STEPS_TOPIC, DEFAULT_COUNTERS_TOPIC,
                Map.of());
    }

    /** The same with other samples and steps topics; the counters topic stays. */
    public KafkaSinkConfig withTopics(String samples, String steps) {
        return new KafkaSinkConfig(bootstrapServers, samples, steps, countersTopic, producerOverrides, bufferRecords,
                spillDir);
    }

    /** The same with another counters topic. */
    public KafkaSinkConfig withCountersTopic(String counters) {
        return new KafkaSinkConfig(bootstrapServers, samplesTopic, stepsTopic, counters, producerOverrides,
                bufferRecords, spillDir);
    }

    /** The same with another memory buffer and spill folder. */
    public KafkaSinkConfig withBuffer(int records, Path dir) {
        return new KafkaSinkConfig(bootstrapServers, samplesTopic, stepsTopic, countersTopic, producerOverrides,
                records, dir);
    }

    /** Reads a Java properties file as producer settings; the keys are checked when the config is built. */
    public static Map<String, String> readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name.trim(), properties.getProperty(name).trim()));
        return map;
    }

    /**
     * Settings for a consumer of the same brokers: the brokers, those of the extra settings a consumer knows too
     * (security, SASL, TLS, timeouts, telemetry), and byte-array deserializers; the caller says what it reads and
     * from where. Like the producer, it pushes no client telemetry unless overridden: that cost an agent in a pod 59
     * classes of Kafka's shaded protobuf.
     */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        Set<String> consumerKeys = ConsumerConfig.configNames();
        producerOverrides.forEach((key, value) -> {
            if (consumerKeys.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /**
     * {@link #consumerProperties()} for a consumer that waits most of the time, as an agent's for step commands and
     * cluster views: a fetch waits up to {@link #IDLE_FETCH_WAIT} at the broker (a record ends the wait at once), where
     * Kafka's default of two empty fetches a second would cost such an agent more CPU than its samples. Both read
     * every partition without a group, from the earliest offset also where a position is lost (a topic made anew), so
     * that nothing is skipped. Close it with {@link #IDLE_CONSUMER_CLOSE}: a plain close waits for the fetch in flight.
     */
    public Map<String, Object> idleConsumerProperties() {
        Map<String, Object> props = consumerProperties();
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_FETCH_WAIT.toMillis());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /** Without secrets: the JAAS line and passwords print as {@code [hidden]}, as Kafka itself logs them. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(producerOverrides);
        shown.replaceAll((key, value) -> key.equals(SaslConfigs.SASL_JAAS_CONFIG) || key.contains("password")
                ? "[hidden]" : value);
        return "KafkaSinkConfig[bootstrapServers=" + bootstrapServers + ", samplesTopic=" + samplesTopic
                + ", stepsTopic=" + stepsTopic + ", countersTopic=" + countersTopic + ", producerOverrides=" + shown + "]";
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
