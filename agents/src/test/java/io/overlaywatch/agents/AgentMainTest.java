package io.overlaywatch.agents;

import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMainTest {

    @TempDir
    Path dir;

    /** What one run of the command line printed and returned. */
    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AgentMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path fixture(String name) throws IOException {
        Path copy = dir.resolve(name);
        try (InputStream in = AgentMainTest.class.getResourceAsStream("/cli/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            Files.copy(in, copy);
        }
        return copy;
    }

    @Test
    void shouldParseATcpClientOutputIntoOneValidSampleLinePerInterval() throws IOException {
        Run run = run("parse", fixture("tcp_client.txt").toString(), "--run", "r-7", "--cni", "calico",
                "--client-pod", "client-0", "--server-pod", "server-0", "--src-node", "n1", "--dst-node", "n2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(5);
        List<Sample> samples = run.lines().stream().map(AgentMainTest::decodeSample).toList();
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.step().run()).isEqualTo("r-7");
            assertThat(s.step().cni()).isEqualTo("calico");
            assertThat(s.step().protocol()).isEqualTo(Protocol.TCP);
            assertThat(s.side()).isEqualTo(Side.SENDER);
            assertThat(s.clientPod()).isEqualTo("client-0");
            assertThat(s.dstNode()).isEqualTo("n2");
        });
        assertThat(samples).extracting(Sample::bitsPerSecond).containsExactly(7.98e9, 8.18e9, 8.10e9, 7.67e9, 7.82e9);
    }

    @Test
    void shouldLabelParsedUdpSamplesUdpAndDefaultTheRunToParse() throws IOException {
        Run run = run("parse", fixture("udp_client.txt").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3).allSatisfy(line -> {
            Sample sample = decodeSample(line);
            assertThat(sample.step().protocol()).isEqualTo(Protocol.UDP);
            assertThat(sample.step().run()).isEqualTo("parse");
        });
    }

    @Test
    void shouldReportATruncatedOutputOnStderrAndExitOne() throws IOException {
        Path truncated = dir.resolve("truncated.txt");
        Files.write(truncated, Files.readAllLines(fixture("tcp_client.txt")).subList(0, 5));

        Run run = run("parse", truncated.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isNotBlank();
        assertThat(run.lines()).allSatisfy(AgentMainTest::decodeSample);
    }

    @Test
    void shouldSayWhenTheInputHoldsNoIperf3OutputAndExitOne() throws IOException {
        Path garbage = dir.resolve("garbage.txt");
        Files.writeString(garbage, "GET / HTTP/1.1\nnot iperf3 at all\n");

        Run run = run("parse", garbage.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isNotBlank();
    }

    @Test
    void shouldNameAMissingInputFileAndExitTwo() {
        Run run = run("parse", dir.resolve("missing.txt").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing.txt");
    }

    @Test
    void shouldNameAnUnknownOptionAndExitTwo() {
        Run run = run("client", "--server", "127.0.0.1", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bogus").contains("Try 'overlaywatch-agent client --help'");
        assertThat(run.err().lines().count()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=abc", "--port=70000", "--time=0", "--parallel=0", "--bitrate=fast", "--pods=0",
            "--buffer-records=0"})
    void shouldNameABadOptionValueAndExitTwo(String option) {
        Run run = run("client", "--server", "127.0.0.1", option);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(option.substring(0, option.indexOf('=')));
    }

    /** The new modes' and cluster options' mistakes, each with the option it must name; none reaches Kafka. */
    static Stream<Arguments> badModeAndClusterOptions() {
        return Stream.of(
                Arguments.of("--scenario", List.of("client", "--server", "h", "--mode", "live", "--scenario", "policy")),
                Arguments.of("--mark-step", List.of("client", "--server", "h", "--mode", "control", "--mark-step")),
                Arguments.of("--mode", List.of("client", "--server", "h", "--mode", "sometimes")),
                Arguments.of("--pause", List.of("client", "--server", "h", "--mode", "live", "--pause=-1")),
                Arguments.of("--jitter", List.of("client", "--server", "h", "--mode", "live", "--jitter=-5")),
                Arguments.of("--client-selector", List.of("observe", "--client-selector", "role in client")),
                Arguments.of("--pod-selector", List.of("observe", "--pod-selector", "a=b,=c")),
                Arguments.of("--kubeconfig", List.of("observe", "--kubeconfig", "/no/such/kubeconfig")),
                Arguments.of("--period", List.of("observe", "--period", "0")),
                Arguments.of("--node", List.of("observe", "--node", " ")),
                Arguments.of("--run", List.of("counters", "--run", " ")),
                Arguments.of("--node-name-env", List.of("client", "--server", "h", "--kubernetes",
                        "--node-name-env", " ")),
                Arguments.of("--cluster-topic", List.of("server", "--kubernetes", "--cluster-topic", " ")),
                Arguments.of("--control-topic", List.of("client", "--server", "h", "--mode", "control",
                        "--control-topic", " ")),
                Arguments.of("--period", List.of("counters", "--period", "0")),
                Arguments.of("--proc-net", List.of("counters", "--proc-net", "/no/such/dir")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badModeAndClusterOptions")
    void shouldNameABadModeOrClusterOptionAndExitTwo(String option, List<String> args) {
        Run run = run(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(option);
    }

    @Test
    void shouldNameAnUnknownKeyOfTheKafkaConfigFileAndExitTwo() throws IOException {
        Path config = dir.resolve("producer.properties");
        Files.writeString(config, "security.protocol=PLAINTEXT\nlinger.msec=5\n");

        Run run = run("client", "--server", "127.0.0.1", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("linger.msec").contains("--config");
    }

    @Test
    void shouldNameASpillDirectoryThatCannotBeCreatedAndExitTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "");

        Run run = run("client", "--server", "127.0.0.1", "--spill-dir", file.resolve("spill").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--spill-dir").contains("not-a-dir");
    }

    @Test
    void shouldNameAMissingIperf3BinaryAndExitTwo() {
        Run run = run("server", "--iperf3", dir.resolve("no-such-iperf3").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--iperf3").contains("no-such-iperf3");
    }

    @Test
    void shouldRequireACommand() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("client, server, counters, observe or parse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "client", "server", "counters", "observe", "parse"})
    void shouldPrintUsageForHelpAtEveryLevel(String command) {
        Run run = command.isEmpty() ? run("--help") : run(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: overlaywatch-agent" + (command.isEmpty() ? "" : " " + command));
        assertThat(run.out()).contains("--help", "--version");
    }

    @Test
    void shouldShowTheSharedOptionGroupsInClientHelp() {
        Run run = run("client", "--help");

        assertThat(run.out()).contains("--server", "--mark-step", "--run", "--scenario", "--bootstrap-servers",
                "--config", "--iperf3", "--udp", "--congestion", "--affinity", "--mode", "--pause", "--jitter",
                "--control-topic", "--cluster-topic", "--kubernetes", "--pod-name-env", "--node-name-env");
    }

    @Test
    void shouldPrintTheVersion() {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("overlaywatch-agent ");
    }

    private static Sample decodeSample(String line) {
        Decoded decoded = WireCodec.decode(line.getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.reason()).as(line).isNull();
        assertThat(decoded.record()).isInstanceOf(Sample.class);
        return (Sample) decoded.record();
    }
}
