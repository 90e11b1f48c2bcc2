package io.overlaywatch.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's InfluxDB 1.x ({@code influxd}) as a child process on loopback, its files in one folder. */
public final class LocalInfluxDb extends HttpChildServer {

    static final Path BINARY = Path.of("/usr/bin/influxd");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> command;
    private final Path dir;

    private LocalInfluxDb(ChildService child, List<String> command, Path dir) {
        super(child);
        this.command = command;
        this.dir = dir;
    }

    /** Starts influxd with its config, data and log in {@code dataDir} and waits until it answers /ping. */
    public static LocalInfluxDb start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, BINARY);
    }

    static LocalInfluxDb start(Path dataDir, Path binary) throws IOException, InterruptedException {
        ChildService.requireExecutable(binary, "influxdb");
        Path dir = Files.createDirectories(dataDir.toAbsolutePath());
        int[] ports = FreePorts.next(2);
        Path config = Files.writeString(dir.resolve("influxdb.conf"), config(dir, ports[0], ports[1]));
        URI url = URI.create("http://" + FreePorts.LOOPBACK + ":" + ports[0]);
        List<String> command = ChildService.command(binary, "run", "-config", config.toString());
        return new LocalInfluxDb(startChild(command, dir, url), command, dir);
    }

    private static ChildService startChild(List<String> command, Path dir, URI url) throws IOException,
            InterruptedException {
        ChildService child = ChildService.start("influxd", command, dir.resolve("influxd.log"), url);
        child.awaitHttp("/ping", response -> response.statusCode() == 204);
        return child;
    }

    /** Stops influxd (SIGTERM), keeping its files: clients see the server vanish (fault injection). */
    public synchronized void stopServer() {
        child.close();
    }

    /** Starts influxd again after {@link #stopServer()}, on the same port and files; returns once it answers /ping. */
    public synchronized void restartServer() throws IOException, InterruptedException {
        child = startChild(command, dir, child.baseUri());
    }

    /** The whole configuration, so that nothing from /etc/influxdb or ~/.influxdb applies. */
    static String config(Path dir, int httpPort, int rpcPort) {
        return String.join("\n",
                // Debian's build reads reporting-enabled; upstream 1.x reads reporting-disabled. Both
                // are set: unknown keys are ignored, and nothing must phone home.
                "reporting-enabled = false",
                "reporting-disabled = true",
                // The RPC service for backup and restore; it listens even when unused.
                "bind-address = " + quoted(FreePorts.LOOPBACK + ":" + rpcPort),
                "[meta]",
                "  dir = " + quoted(dir.resolve("meta").toString()),
                "  logging-enabled = false",
                "[data]",
                "  dir = " + quoted(dir.resolve("data").toString()),
                "  wal-dir = " + quoted(dir.resolve("wal").toString()),
                "  query-log-enabled = false",
                // The default 1 GiB write cache is far more than a demo or a test writes.
                "  cache-max-memory-size = 67108864",
                "[monitor]",
                "  store-enabled = false",
                "[subscriber]",
                "  enabled = false",
                "[http]",
                "  enabled = true",
                "  bind-address = " + quoted(FreePorts.LOOPBACK + ":" + httpPort),
                "  log-enabled = false",
                "  pprof-enabled = false",
                "[continuous_queries]",
                "  log-enabled = false",
                "[logging]",
                "  level = \"warn\"",
                "  suppress-logo = true",
                "");
    }

    /** Creates {@code name} (a no-op when it exists); any name works, it is quoted. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        post("CREATE DATABASE " + quoted(name), null);
    }

    /**
     * Runs InfluxQL against {@code database} and returns InfluxDB's JSON answer as it is.
     * Throws when the answer is not 2xx or when a statement failed (InfluxDB reports that inside a 200).
     */
    public String query(String database, String influxql) throws IOException, InterruptedException {
        return post(influxql, database);
    }

    private String post(String influxql, String database) throws IOException, InterruptedException {
        // POST: InfluxDB 1.x refuses CREATE and DROP over GET.
        String form = database == null
                ? ChildService.form("q", influxql)
                : ChildService.form("db", database, "q", influxql);
        String body = child.send(child.request("/query")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        for (JsonNode result : JSON.readTree(body).path("results")) {
            if (result.hasNonNull("error")) {
                throw new IOException("InfluxDB rejected `" + influxql + "`" + (database == null ? "" : " on " + database)
                        + ": " + result.get("error").asText());
            }
        }
        return body;
    }

    /**
     * {@code text} in double quotes with backslashes and quotes escaped: the rule of both TOML
     * strings and InfluxQL identifiers (quoted, keywords such as {@code policies} work too).
     */
    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
