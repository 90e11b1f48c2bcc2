package io.overlaywatch.jobs;

import io.overlaywatch.embedded.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Configuration errors stop the job command at start, naming the key and the problem, with exit code 2. */
class JobMainTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new JobMain()).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void shouldNameAnUnknownKeyOfTheConfigFile() throws IOException {
        Path config = Files.writeString(dir.resolve("job.conf"), "kafka.bootstrap.servers: 127.0.0.1:9092\n");

        Run run = run("--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown configuration key kafka.bootstrap.servers in " + config);
    }

    @Test
    void shouldNameABadDuration() {
        Run run = run("--set", "checkpoint.interval=soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad value for checkpoint.interval: 'soon'");
    }

    @Test
    void shouldNameTheBrokerThatDoesNotAnswerAtStart() {
        String nobody = FreePorts.LOOPBACK + ":" + FreePorts.next();

        Run run = run("--set", "kafka.bootstrap-servers=" + nobody, "--set", "kafka.startup-timeout=1 s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("kafka.bootstrap-servers: no Kafka broker answered at " + nobody
                + " within 1000 ms (kafka.startup-timeout)");
    }

    @Test
    void shouldNameAnUnknownSecurityProtocol() {
        Run run = run("--set", "kafka.security.protocol=TLS");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad value for kafka.security.protocol: 'TLS'");
    }

    @Test
    void shouldRequireASaslPasswordFromAFileOrTheEnvironment() {
        Run run = run("--set", "kafka.security.protocol=SASL_PLAINTEXT", "--set", "kafka.sasl.username=agent");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no Kafka password: set kafka.sasl.password-file or the environment variable "
                + JobOptions.KAFKA_PASSWORD_ENV);
    }

    @Test
    void shouldNameAPasswordFileItCannotRead() {
        Path missing = dir.resolve("missing-password");

        Run run = run("--set", "kafka.security.protocol=SASL_PLAINTEXT", "--set", "kafka.sasl.username=agent",
                "--set", "kafka.sasl.password-file=" + missing);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad value for kafka.sasl.password-file: cannot read " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka.sasl.password", "influx.token"})
    void shouldRefuseASecretGivenAsAValue(String key) {
        Run run = run("--set", key + "=hunter2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown configuration key " + key + " ").doesNotContain("hunter2");
    }
}
