package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where the agent produces: brokers, topics and a producer settings file. */
public class KafkaOptions {

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
                order = 33, description = "Topic of step markers (default: ${DEFAULT-VALUE}).")
        String stepsTopic = KafkaSinkConfig.DEFAULT_STEPS_TOPIC;

        @Option(names = "--counters-topic", paramLabel = "TOPIC", defaultValue = KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC,
                order = 34, description = "Topic of counter readings (default: ${DEFAULT-VALUE}).")
        String countersTopic = KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC;

        @Option(names = "--config", paramLabel = "FILE", order = 35,
                description = "Java properties file of Kafka producer settings (e.g. security.protocol, "
                        + "sasl.jaas.config); an unknown key stops the agent at start.")
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
