package io.overlaywatch.jobs;

import io.overlaywatch.jobs.sinks.InfluxSettings;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the job's {@link Configuration} from a file and overrides, rejecting unknown keys and bad values at start,
 * with the Flink settings the job is built for (object reuse).
 */
public final class JobConfig {

    private JobConfig() {
    }

    /** Thrown for a configuration that cannot run; the message names the key and the problem. */
    public static class InvalidConfigException extends Exception {
        public InvalidConfigException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code key: value} or {@code key=value} lines from the file (when given), then applies the
     * overrides, and checks every key and value.
     */
    public static Configuration load(Path file, Map<String, String> overrides) throws InvalidConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        }
        values.putAll(overrides);
        return validate(values, file == null ? "--set" : file.toString());
    }

    private static Configuration validate(Map<String, String> values, String origin) throws InvalidConfigException {
        Map<String, ConfigOption<?>> known = JobOptions.all().stream()
                .collect(Collectors.toMap(ConfigOption::key, option -> option));
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known.keySet());
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException("unknown configuration key " + String.join(", ", unknown) + " in "
                    + origin + " (known keys: " + String.join(", ", new TreeSet<>(known.keySet())) + ")");
        }
        Configuration conf = Configuration.fromMap(values);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            try {
                conf.get(known.get(entry.getKey()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("bad value for " + entry.getKey() + ": '" + entry.getValue()
                        + "' (" + e.getMessage() + ")");
            }
        }
        try {
            // Secrets and security settings are checked now, so that a missing password stops the job at start.
            KafkaSecurity.properties(conf);
            InfluxSettings.from(conf);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        // Every record passed between operators is an immutable Java record, so chained operators may share it
        // instead of each getting a copy: copying was a tenth of the source task's time in bench pipeline.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, conf.get(JobOptions.CHECKPOINT_UNALIGNED));
        String checkpoints = conf.get(JobOptions.CHECKPOINT_DIR);
        if (!checkpoints.isEmpty()) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        }
        return conf;
    }
}
