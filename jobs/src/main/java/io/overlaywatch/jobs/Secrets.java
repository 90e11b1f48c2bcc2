package io.overlaywatch.jobs;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads a secret from the file a key names (a mounted Kubernetes secret) or else from an environment variable;
 * never from the config file's values or the command line, which end up in shell histories and process lists.
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret, or empty when neither the file key nor the variable is set; a bad file names the key. */
    public static String read(Configuration conf, ConfigOption<String> fileKey, String envName,
                              Function<String, String> env) {
        String file = conf.get(fileKey);
        if (!file.isBlank()) {
            try {
                String secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (secret.isEmpty()) {
                    throw new IllegalArgumentException("bad value for " + fileKey.key() + ": " + file + " is empty");
                }
                return secret;
            } catch (IOException e) {
                throw new IllegalArgumentException("bad value for " + fileKey.key() + ": cannot read " + file
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String value = env.apply(envName);
        return value == null ? "" : value.strip();
    }
}
