package io.overlaywatch.lab;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.query.InfluxQuery;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole pipeline on one machine: a Kafka broker (embedded unless one is given), an InfluxDB
 * (a local influxd unless one is given), the throughput job on a MiniCluster in this JVM, and one
 * shared producer for the probes. Closing it stops everything it started, in reverse order.
 */
public final class LocalPipeline implements AutoCloseable {

    /** Where the pipeline's parts are: given ones, or null to start them here. */
    public record Endpoints(String bootstrapServers, String influxUrl, String influxDatabase) {
    }

    private static final String SAMPLES = KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC;
    private static final String STEPS = KafkaSinkConfig.DEFAULT_STEPS_TOPIC;
    private static final String COUNTERS = KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC;
    private static final String DEADLETTER = JobOptions.DEADLETTER_TOPIC.defaultValue();
    private static final String ALERTS = JobOptions.ALERTS_TOPIC.defaultValue();

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final LocalKafka kafka;
    private final String bootstrapServers;
    private final String influxUrl;
    private final String database;
    private final KafkaRecordSink sink;
    private final InfluxQuery query;

    private LocalPipeline(Endpoints endpoints, Path workDir, String runId, PrintStream progress,
                          Map<String, String> jobSettings) throws Exception {
        try {
            if (endpoints.bootstrapServers() == null) {
                progress.println("starting a Kafka broker (KRaft, in this JVM)...");
                kafka = startKafka(workDir.resolve("kafka"));
                started.push(kafka);
                bootstrapServers = kafka.bootstrapServers();
            } else {
                kafka = null;
                bootstrapServers = endpoints.bootstrapServers();
            }
            progress.println("  Kafka at " + bootstrapServers);
            database = endpoints.influxDatabase();
            if (endpoints.influxUrl() == null) {
                progress.println("starting InfluxDB (influxd, data in " + workDir.resolve("influxdb") + ")...");
                LocalInfluxDb influx = LocalInfluxDb.start(fresh(workDir.resolve("influxdb")));
                started.push(influx);
                influx.createDatabase(database);
                influxUrl = influx.url();
            } else {
                influxUrl = endpoints.influxUrl();
            }
            progress.println("  InfluxDB at " + influxUrl + ", database " + database);
            query = new InfluxQuery(influxUrl, database, System.getenv(JobOptions.INFLUX_TOKEN_ENV));

            progress.println("starting the Flink job on a MiniCluster...");
            JobClient job = startJob(runId, workDir, jobSettings);
            started.push(() -> job.cancel().get(30, TimeUnit.SECONDS));

            sink = new KafkaRecordSink(KafkaSinkConfig.of(bootstrapServers));
            started.push(sink);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** Starts what the endpoints do not name; prints what it does to {@code progress}. */
    public static LocalPipeline start(Endpoints endpoints, Path workDir, String runId, PrintStream progress)
            throws Exception {
        return start(endpoints, workDir, runId, progress, Map.of());
    }

    /** As {@link #start(Endpoints, Path, String, PrintStream)}, with job settings that replace the local ones. */
    public static LocalPipeline start(Endpoints endpoints, Path workDir, String runId, PrintStream progress,
                                      Map<String, String> jobSettings) throws Exception {
        return new LocalPipeline(endpoints, workDir, runId, progress, jobSettings);
    }

    private JobClient startJob(String runId, Path workDir, Map<String, String> overrides) throws Exception {
        Map<String, String> settings = jobSettings(bootstrapServers, influxUrl, database, runId, workDir);
        settings.putAll(overrides);
        Configuration conf = JobConfig.load(null, settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ThroughputJob.fromConfiguration(conf).build(env);
        return env.executeAsync(ThroughputJob.NAME);
    }

    /**
     * The job settings of a one-machine pipeline: default topics, a group of its own, short event-time bounds,
     * checkpoints under {@code workDir}.
     */
    public static Map<String, String> jobSettings(String bootstrapServers, String influxUrl, String database,
                                                  String runId, Path workDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(JobOptions.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        settings.put(JobOptions.SAMPLES_TOPIC.key(), SAMPLES);
        settings.put(JobOptions.STEPS_TOPIC.key(), STEPS);
        settings.put(JobOptions.COUNTERS_TOPIC.key(), COUNTERS);
        settings.put(JobOptions.DEADLETTER_TOPIC.key(), DEADLETTER);
        settings.put(JobOptions.GROUP_ID.key(), "overlaywatch-" + runId);
        settings.put(JobOptions.INFLUX_URL.key(), influxUrl);
        settings.put(JobOptions.INFLUX_DATABASE.key(), database);
        // On disk: the MiniCluster would keep checkpoints in memory, which fails a checkpoint (and restarts the
        // job) once a task's state passes 5 MB, as a step of many streams replayed from a backlog does.
        settings.put(JobOptions.CHECKPOINT_DIR.key(), workDir.resolve("checkpoints").toUri().toString());
        // Short event-time bounds: on one machine samples arrive within milliseconds.
        settings.put(JobOptions.OUT_OF_ORDERNESS.key(), "1 s");
        settings.put(JobOptions.IDLENESS.key(), "2 s");
        settings.put(JobOptions.CHECKPOINT_INTERVAL.key(), "5 s");
        settings.put(JobOptions.INFLUX_FLUSH_INTERVAL.key(), "500 ms");
        // Lab steps follow each other within seconds; a run is over after 10 s without one.
        settings.put(JobOptions.RUN_GAP.key(), "10 s");
        return settings;
    }

    /** Starts a broker with the pipeline's topics (two partitions each) in an emptied folder. */
    public static LocalKafka startKafka(Path dir) throws IOException, InterruptedException {
        LocalKafka kafka = LocalKafka.start(fresh(dir));
        try {
            kafka.createTopics(2, SAMPLES, STEPS, COUNTERS, DEADLETTER, ALERTS);
        } catch (InterruptedException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** The shared producer every probe of this process sends through. */
    public KafkaRecordSink sink() {
        return sink;
    }

    /** The broker this pipeline started, null when it was given one; fault tests stop and restart it. */
    LocalKafka kafka() {
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Reads results back over InfluxDB's HTTP API. */
    public InfluxQuery query() {
        return query;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("overlaywatch: while stopping: " + e);
            }
        }
    }

    /** Empties a folder this pipeline owns, so that a new run starts from nothing. */
    public static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
