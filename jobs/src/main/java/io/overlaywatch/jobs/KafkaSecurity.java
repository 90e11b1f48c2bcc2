package io.overlaywatch.jobs;

import io.overlaywatch.model.SaslLogin;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Kafka client settings for TLS and SASL that the job's source, sinks and start-up check share. */
public final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** The settings from the environment of this process. */
    public static Properties properties(Configuration conf) {
        return properties(conf, System::getenv);
    }

    /** Every problem names its key; the password and trust store password come from {@code env} or a file. */
    public static Properties properties(Configuration conf, Function<String, String> env) {
        Properties props = new Properties();
        SecurityProtocol protocol = protocol(conf.get(JobOptions.SECURITY_PROTOCOL));
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return props;
        }
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
            String mechanism = conf.get(JobOptions.SASL_MECHANISM).strip().toUpperCase(Locale.ROOT);
            if (!SaslLogin.MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException("bad value for " + JobOptions.SASL_MECHANISM.key() + ": '"
                        + mechanism + "' (one of " + String.join(", ", SaslLogin.MECHANISMS) + ")");
            }
            String user = conf.get(JobOptions.SASL_USERNAME).strip();
            if (user.isEmpty()) {
                throw new IllegalArgumentException(JobOptions.SASL_USERNAME.key() + " is required with " + protocol.name);
            }
            String password = Secrets.read(conf, JobOptions.SASL_PASSWORD_FILE, JobOptions.KAFKA_PASSWORD_ENV, env);
            if (password.isEmpty()) {
                throw new IllegalArgumentException("no Kafka password: set " + JobOptions.SASL_PASSWORD_FILE.key()
                        + " or the environment variable " + JobOptions.KAFKA_PASSWORD_ENV);
            }
            props.put(SaslConfigs.SASL_JAAS_CONFIG, SaslLogin.jaasConfig(mechanism, user, password));
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        }
        String truststore = conf.get(JobOptions.SSL_TRUSTSTORE).strip();
        if (!truststore.isEmpty()) {
            if (!Files.isReadable(Path.of(truststore))) {
                throw new IllegalArgumentException("bad value for " + JobOptions.SSL_TRUSTSTORE.key() + ": cannot read "
                        + truststore);
            }
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore);
            String password = env.apply(JobOptions.TRUSTSTORE_PASSWORD_ENV);
            if (password != null && !password.isEmpty()) {
                props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, password);
            }
        }
        return props;
    }

    private static SecurityProtocol protocol(String name) {
        try {
            return SecurityProtocol.forName(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value for " + JobOptions.SECURITY_PROTOCOL.key() + ": '" + name
                    + "' (one of " + Arrays.stream(SecurityProtocol.values()).map(p -> p.name)
                    .collect(Collectors.joining(", ")) + ")");
        }
    }
}
