package io.overlaywatch.agents.counters;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readers against real files, real processes and a real HTTP server on 127.0.0.1. */
@Timeout(30)
class TextSourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void shouldReadAProcFileWhoseReportedSizeIsZero() throws Exception {
        String text = TextSource.file(Path.of("/proc/net/dev")).read();

        assertThat(ProcNetDevParser.defaults().parse(text).readings())
                .anySatisfy(r -> assertThat(r.labels()).containsEntry("interface", "lo"));
    }

    @Test
    void shouldNameAFileThatIsNotThereWhenTheSourceIsMade(@TempDir Path dir) {
        assertThatThrownBy(() -> TextSource.file(dir.resolve("snmp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read " + dir.resolve("snmp") + ": no such file or not readable");
    }

    @Test
    void shouldReturnWhatACommandPrints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("snmp");
        Files.writeString(file, CounterGoldenCase.named("proc-net-snmp-netns-server").input());

        String text = TextSource.command(List.of("cat", file.toString()), TIMEOUT).read();

        assertThat(text).isEqualTo(CounterGoldenCase.named("proc-net-snmp-netns-server").input());
    }

    @Test
    void shouldFailWithTheCommandAndItsStderrWhenItExitsNonZero() {
        TextSource source = TextSource.command(List.of("sh", "-c", "echo 'Cannot open network namespace \"nope\"' >&2; exit 1"),
                TIMEOUT);

        assertThatThrownBy(source::read).isInstanceOf(IOException.class)
                .hasMessageEndingWith("exited with 1: Cannot open network namespace \"nope\"");
    }

    @Test
    void shouldStopACommandThatHangsPastItsTimeout() {
        TextSource source = TextSource.command(List.of("sleep", "30"), Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThatThrownBy(source::read).isInstanceOf(IOException.class)
                .hasMessage("`sleep 30` did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldNameAnExecutableThatIsNotOnThePath() {
        assertThatThrownBy(() -> TextSource.command(List.of("no-such-tool-owtest", "x"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no-such-tool-owtest not found on PATH (");
    }

    @Test
    void shouldFetchAMetricsPageAskingForTheTextFormatAndFailOnAnErrorStatus() throws Exception {
        String page = CounterGoldenCase.named("prometheus-felix").input();
        AtomicReference<String> accept = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/broken", exchange -> {
            byte[] body = "felix is starting\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            CounterSource felix = CounterSources.felix(URI.create(base + "/metrics"), TIMEOUT);

            assertThat(felix.reader().read()).isEqualTo(page);
            assertThat(accept.get()).startsWith("text/plain;version=0.0.4");
            assertThat(felix.parser().parse(felix.reader().read()).readings()).hasSize(16);
            assertThat(felix.location()).isEqualTo(base + "/metrics");
            assertThatThrownBy(() -> TextSource.http(URI.create(base + "/broken"), TIMEOUT).read())
                    .isInstanceOf(IOException.class)
                    .hasMessage("GET " + base + "/broken answered 503: felix is starting");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldReadTheThreeProcFilesOfThisNamespace() {
        List<CounterSource> sources = CounterSources.proc(CounterSources.PROC_NET);

        assertThat(sources).extracting(CounterSource::name).containsExactly("netdev", "snmp", "netstat");
        assertThat(sources).extracting(CounterSource::location)
                .containsExactly("/proc/net/dev", "/proc/net/snmp", "/proc/net/netstat");
        assertThat(sources).allSatisfy(s -> {
            Parsed parsed = s.parser().parse(s.reader().read());
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.readings()).isNotEmpty();
        });
    }
}
