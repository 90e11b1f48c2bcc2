package io.overlaywatch.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {

    @TempDir
    Path dir;

    private static Configuration conf(Map<String, String> values) {
        return Configuration.fromMap(values);
    }

    @Test
    void shouldAddNothingForPlaintext() {
        assertThat(KafkaSecurity.properties(conf(Map.of()), name -> null)).isEmpty();
    }

    @Test
    void shouldTrustTheNamedStoreWithItsPasswordFromTheEnvironmentOverTls() throws Exception {
        Path store = Files.write(dir.resolve("truststore.p12"), new byte[] {1});

        Properties props = KafkaSecurity.properties(conf(Map.of("kafka.security.protocol", "ssl",
                "kafka.ssl.truststore.location", store.toString())),
                Map.of(JobOptions.TRUSTSTORE_PASSWORD_ENV, "changeit")::get);

        assertThat(props).containsOnly(Map.entry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL"),
                Map.entry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, store.toString()),
                Map.entry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "changeit"));
    }

    @Test
    void shouldNameATrustStoreItCannotRead() {
        Path missing = dir.resolve("missing.p12");

        assertThatThrownBy(() -> KafkaSecurity.properties(conf(Map.of("kafka.security.protocol", "SSL",
                "kafka.ssl.truststore.location", missing.toString())), name -> null))
                .hasMessage("bad value for kafka.ssl.truststore.location: cannot read " + missing);
    }

    @Test
    void shouldLogInWithThePasswordFromTheEnvironmentWhenNoFileIsNamed() {
        Properties props = KafkaSecurity.properties(conf(Map.of("kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "plain", "kafka.sasl.username", "job")),
                Map.of(JobOptions.KAFKA_PASSWORD_ENV, "pa\"ss")::get);

        assertThat(props).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"job\" password=\"pa\\\"ss\";");
    }

    @Test
    void shouldNameAnUnknownMechanismBeforeAskingForAPassword() {
        assertThatThrownBy(() -> KafkaSecurity.properties(conf(Map.of("kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "GSSAPI", "kafka.sasl.username", "job")), name -> null))
                .hasMessage("bad value for kafka.sasl.mechanism: 'GSSAPI' (one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN)");
    }
}
