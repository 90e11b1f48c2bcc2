package io.overlaywatch.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's VictoriaMetrics as a child process on loopback: a real server for the InfluxDB v2
 * write API ({@code /api/v2/write}), which Debian's InfluxDB 1.6 does not have.
 */
public final class LocalVictoriaMetrics extends HttpChildServer {

    static final Path BINARY = Path.of("/usr/bin/victoria-metrics");

    private LocalVictoriaMetrics(ChildService child) {
        super(child);
    }

    /** Starts victoria-metrics with its data and log in {@code dataDir} and waits until /health says OK. */
    public static LocalVictoriaMetrics start(Path dataDir) throws IOException, InterruptedException {
        ChildService.requireExecutable(BINARY, "victoria-metrics");
        Path dir = Files.createDirectories(dataDir.toAbsolutePath());
        URI url = URI.create("http://" + FreePorts.LOOPBACK + ":" + FreePorts.next());
        ChildService child = ChildService.start("victoria-metrics", ChildService.command(BINARY,
                        "-httpListenAddr=" + url.getAuthority(),
                        "-storageDataPath=" + dir.resolve("storage"),
                        "-loggerLevel=WARN",
                        // Caches sized for a demo, not 60% of the machine's memory.
                        "-memory.allowedBytes=64MiB",
                        // The default of one month would silently drop replayed fixtures with old timestamps.
                        "-retentionPeriod=100y",
                        // Queries see points written a moment ago, not a cached or delayed view.
                        "-search.disableCache",
                        "-search.latencyOffset=0s",
                        // close() need not wait the default 7 s for idle keep-alive connections.
                        "-http.maxGracefulShutdownDuration=1s"),
                dir.resolve("victoria-metrics.log"), url);
        child.awaitHttp("/health", response -> response.statusCode() == 200 && response.body().strip().equals("OK"));
        return new LocalVictoriaMetrics(child);
    }

    /**
     * Returns the series matching {@code seriesSelector} (e.g. {@code {__name__=~"iperf_.*"}}) as
     * /api/v1/export gives them: one JSON object per series and line. Points written before the
     * call are included. Line protocol {@code m f=1} is stored as metric {@code m_f}.
     */
    public String export(String seriesSelector) throws IOException, InterruptedException {
        // Freshly written points sit in an in-memory buffer for up to a second; flush makes them searchable.
        child.send(child.request("/internal/force_flush").GET().build());
        return child.send(child.request("/api/v1/export?" + ChildService.form("match[]", seriesSelector)).GET().build());
    }
}
