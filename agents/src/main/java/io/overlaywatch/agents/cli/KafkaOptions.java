package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.SaslLogin;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Where and how the agent produces: brokers, topics, TLS and SASL, and a producer settings file. */
public class KafkaOptions {

    static final String DEFAULT_CONTROL_TOPIC = KafkaSinkConfig.DEFAULT_CONTROL_TOPIC;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @ArgGroup(validate = false, heading = "%nKafka:%n", order = 30)
    Values values = new Values();

    /** The options; a group so that help shows them under one heading. */
    static final class Values {

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", order = 31,
                description = "Kafka brokers (default: bootstrap.servers from --config, else "
                        + KafkaSinkConfig.DEFAULT_BOOTSTRAP_SERVERS + ").")
        String bootstrapServers;

        @Option(names = "--samples-topic", paramLabel = "TOPIC", defaultValue = KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC,
                order = 32, description = "Topic of samples and probe errors (default: ${DEFAULT-VALUE}).")
        String samplesTopic = KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC;

        @Option(names = "--steps-topic", paramLabel = "TOPIC", defaultValue = KafkaSinkConfig.DEFAULT_STEPS_TOPIC,
                order = 33, description = "Topic of step markers and control mode's acks (default: ${DEFAULT-VALUE}).")
        String stepsTopic = KafkaSinkConfig.DEFAULT_STEPS_TOPIC;

        @Option(names = "--counters-topic", paramLabel = "TOPIC", defaultValue = KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC,
                order = 34, description = "Topic of counter readings (default: ${DEFAULT-VALUE}).")
        String countersTopic = KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC;

        @Option(names = "--control-topic", paramLabel = "TOPIC", defaultValue = DEFAULT_CONTROL_TOPIC, order = 35,
                description = "Topic of the sweep driver's step commands, read by client --mode control "
                        + "(default: ${DEFAULT-VALUE}).")
        String controlTopic = DEFAULT_CONTROL_TOPIC;

        @Option(names = "--cluster-topic", paramLabel = "TOPIC", defaultValue = KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC,
                order = 35, description = "Topic of the cluster observer's views, written by observe and read by "
                        + "agents with --kubernetes (default: ${DEFAULT-VALUE}).")
        String clusterTopic = KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC;

        @Option(names = "--config", paramLabel = "FILE", order = 36,
                description = "Java properties file of Kafka producer settings (e.g. security.protocol, "
                        + "sasl.jaas.config); an unknown key stops the agent at start. The consumers of control mode "
                        + "and --kubernetes take the settings a consumer knows.")
        Path config;

        @Option(names = "--buffer-records", paramLabel = "N", order = 36,
                defaultValue = "" + KafkaSinkConfig.DEFAULT_BUFFER_RECORDS,
                description = "Records held in memory until Kafka acknowledges them; while Kafka is away the rest"
                        + " spill to a file (default: ${DEFAULT-VALUE}).")
        int bufferRecords = KafkaSinkConfig.DEFAULT_BUFFER_RECORDS;

        @Option(names = "--spill-dir", paramLabel = "DIR", order = 37,
                description = "Folder of the spill file (default: overlaywatch-spill in java.io.tmpdir).")
        Path spillDir = KafkaSinkConfig.DEFAULT_SPILL_DIR;
    }

    @ArgGroup(validate = false, heading = "%nKafka security (the password never on the command line):%n", order = 40)
    Security security = new Security();

    /** TLS and SASL; they win over the same settings in --config. */
    static final class Security {

        @Option(names = "--security-protocol", paramLabel = "PROTOCOL", order = 41,
                description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (default: security.protocol from --config,"
                        + " else PLAINTEXT).")
        String protocol;

        @Option(names = "--sasl-mechanism", paramLabel = "MECHANISM", defaultValue = "SCRAM-SHA-512", order = 42,
                description = "With SASL: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (default: ${DEFAULT-VALUE}).")
        String mechanism = "SCRAM-SHA-512";

        @Option(names = "--sasl-username", paramLabel = "USER", order = 43, description = "With SASL: the user name.")
        String username;

        @Option(names = "--sasl-password-file", paramLabel = "FILE", order = 44,
                description = "With SASL: a file holding the password (e.g. a mounted secret); else the password comes"
                        + " from " + PASSWORD_ENV + ".")
        Path passwordFile;

        @Option(names = "--ssl-truststore", paramLabel = "FILE", order = 45,
                description = "With SSL: trust store (JKS or PKCS12) of the brokers' CA; its password, if any, from "
                        + TRUSTSTORE_PASSWORD_ENV + ".")
        Path truststore;
    }

    /** The SASL password when no --sasl-password-file is given. */
    public static final String PASSWORD_ENV = "OVERLAYWATCH_KAFKA_PASSWORD";
    /** The trust store's password. */
    public static final String TRUSTSTORE_PASSWORD_ENV = "OVERLAYWATCH_KAFKA_TRUSTSTORE_PASSWORD";

    /** Reads and checks the settings; every problem names the option or the key. */
    public KafkaSinkConfig sinkConfig() {
        Values v = values;
        Map<String, String> overrides = new HashMap<>();
        if (v.config != null) {
            try {
                overrides.putAll(KafkaSinkConfig.readProperties(v.config));
            } catch (NoSuchFileException e) {
                throw fail("Invalid value for option '--config': no such file " + v.config);
            } catch (IOException | IllegalArgumentException e) {
                throw fail("Invalid value for option '--config': cannot read " + v.config + ": " + e.getMessage());
            }
        }
        overrides.putAll(securitySettings());
        // The flag wins over the file, the file over the default.
        String fromFile = overrides.remove(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String brokers = v.bootstrapServers != null ? v.bootstrapServers
                : fromFile != null ? fromFile : KafkaSinkConfig.DEFAULT_BOOTSTRAP_SERVERS;
        try {
            return new KafkaSinkConfig(brokers, v.samplesTopic, v.stepsTopic, v.countersTopic, overrides,
                    v.bufferRecords, v.spillDir);
        } catch (IllegalArgumentException e) {
            String where = v.config != null ? "--config " + v.config
                    : "--bootstrap-servers/--samples-topic/--steps-topic/--counters-topic/--buffer-records";
            throw fail("Invalid value for option '" + where + "': " + e.getMessage());
        }
    }

    /** The producer settings the security options ask for; the password from its file or the environment. */
    private Map<String, String> securitySettings() {
        Security sec = security;
        Map<String, String> settings = new HashMap<>();
        if (sec.protocol == null) {
            if (sec.username != null || sec.passwordFile != null || sec.truststore != null) {
                throw fail("Missing option '--security-protocol': --sasl-username, --sasl-password-file and"
                        + " --ssl-truststore need it");
            }
            return settings;
        }
        String protocol = sec.protocol.strip().toUpperCase(Locale.ROOT);
        if (!SecurityProtocol.names().contains(protocol)) {
            throw fail("Invalid value for option '--security-protocol': '" + sec.protocol + "' is not one of "
                    + String.join(", ", SecurityProtocol.names()));
        }
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.startsWith("SASL_")) {
            String mechanism = sec.mechanism.strip().toUpperCase(Locale.ROOT);
            if (!SaslLogin.MECHANISMS.contains(mechanism)) {
                throw fail("Invalid value for option '--sasl-mechanism': '" + sec.mechanism + "' is not one of "
                        + String.join(", ", SaslLogin.MECHANISMS));
            }
            if (sec.username == null || sec.username.isBlank()) {
                throw fail("Missing option '--sasl-username': " + protocol + " needs a user");
            }
            settings.put(SaslConfigs.SASL_MECHANISM, mechanism);
            settings.put(SaslConfigs.SASL_JAAS_CONFIG, SaslLogin.jaasConfig(mechanism, sec.username.strip(), password()));
        }
        if (sec.truststore != null) {
            if (!Files.isReadable(sec.truststore)) {
                throw fail("Invalid value for option '--ssl-truststore': cannot read " + sec.truststore);
            }
            settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, sec.truststore.toString());
            String truststorePassword = System.getenv(TRUSTSTORE_PASSWORD_ENV);
            if (truststorePassword != null && !truststorePassword.isEmpty()) {
                settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
            }
        }
        return settings;
    }

    private String password() {
        if (security.passwordFile != null) {
            try {
                String password = Files.readString(security.passwordFile, StandardCharsets.UTF_8).strip();
                if (password.isEmpty()) {
                    throw fail("Invalid value for option '--sasl-password-file': " + security.passwordFile + " is empty");
                }
                return password;
            } catch (IOException e) {
                throw fail("Invalid value for option '--sasl-password-file': cannot read " + security.passwordFile);
            }
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password == null || password.isBlank()) {
            throw fail("Missing option '--sasl-password-file': SASL needs a password from a file or " + PASSWORD_ENV);
        }
        return password.strip();
    }

    /**
     * Fails fast when the brokers do not answer, refuse the login or lack a topic, naming the options to check;
     * an agent stops before it measures anything it could not deliver.
     */
    public void requireTopics(KafkaRecordSink sink, String... topics) {
        try {
            sink.requireTopics(topics);
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof AuthenticationException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw fail("Kafka at " + sink.config().bootstrapServers() + " refused the login of '"
                        + security.username + "' (check --sasl-username, --sasl-mechanism and the password in"
                        + " --sasl-password-file or " + PASSWORD_ENV + "): " + cause.getMessage());
            }
            throw fail("Kafka at " + sink.config().bootstrapServers() + " did not answer at start"
                    + " (check --bootstrap-servers): " + e.getMessage());
        }
    }

    /** The control topic, checked. */
    public String controlTopic() {
        if (values.controlTopic == null || values.controlTopic.isBlank()) {
            throw fail("Invalid value for option '--control-topic': must not be blank");
        }
        return values.controlTopic;
    }

    /** The cluster topic, checked. */
    public String clusterTopic() {
        if (values.clusterTopic == null || values.clusterTopic.isBlank()) {
            throw fail("Invalid value for option '--cluster-topic': must not be blank");
        }
        return values.clusterTopic;
    }

    /** Builds the producer; a setting Kafka refuses is reported as a bad option. */
    public KafkaRecordSink openSink(KafkaSinkConfig sinkConfig) {
        try {
            return new KafkaRecordSink(sinkConfig);
        } catch (IllegalArgumentException e) {
            throw fail("Invalid value for option '--spill-dir': " + e.getMessage());
        } catch (KafkaException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof ConfigException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw e;
            }
            String where = values.config != null ? "--bootstrap-servers or --config " + values.config : "--bootstrap-servers";
            throw fail("Invalid Kafka setting (" + where + "): " + cause.getMessage());
        }
    }

    private ParameterException fail(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
