package io.overlaywatch.jobs;

import io.overlaywatch.embedded.Await;
import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * InfluxDB away while the job writes: within its retry budget the sink waits and holds the job back,
 * beyond it the job fails loudly and restarts; either way every point is there afterwards.
 */
@Timeout(180)
class InfluxOutageITCase {

    /** As long as the shortest outage; the budget of the first test (8 retries from 0.5 s) covers it. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int STREAMS = 3;
    private static final int SECONDS = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    static Path dir;
    private static LocalKafka kafka;
    private static LocalInfluxDb influx;
    private static String withinBudget;
    private static String beyondBudget;

    /**
     * Both tests' input is written before any job runs: the embedded broker has been seen not to take the
     * leadership of topics created after a job was cancelled, for longer than a producer waits.
     */
    @BeforeAll
    static void startServices() throws Exception {
        kafka = LocalKafka.start(dir.resolve("kafka"));
        influx = LocalInfluxDb.start(dir.resolve("influx"));
        withinBudget = prepareInput();
        beyondBudget = prepareInput();
    }

    @AfterAll
    static void stopServices() {
        if (influx != null) {
            influx.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Fresh topics holding one step of {@link #STREAMS} streams and a fresh database; returns their id. */
    private static String prepareInput() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String samples = "samples-" + id;
        String steps = "steps-" + id;
        kafka.createTopics(2, samples, steps, "counters-" + id, "deadletter-" + id, "alerts-" + id);
        influx.createDatabase("db_" + id);
        StepKey step = step("run-" + id, Protocol.TCP, 0, 10, 1);
        List<WireRecord> input = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            for (int stream = 0; stream < STREAMS; stream++) {
                input.add(sample(step, Side.SENDER, "s" + stream, second, 1e9 + stream, 0));
            }
        }
        input.add(end(step, T0 + SECONDS * 1000L + 500));
        try (WireTopics topics = new WireTopics(kafka.bootstrapServers())) {
            topics.produce(samples, steps, input);
        }
        return id;
    }

    /** The bounded job over the input of {@code id}, started. */
    private static JobClient startJob(String id, int maxRetries, String retryBackoff) throws Exception {
        String samples = "samples-" + id;
        String steps = "steps-" + id;
        Configuration conf = JobConfig.load(null, Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("kafka.topic.samples", samples),
                Map.entry("kafka.topic.steps", steps),
                Map.entry("kafka.topic.counters", "counters-" + id),
                Map.entry("kafka.topic.deadletter", "deadletter-" + id),
                Map.entry("kafka.topic.alerts", "alerts-" + id),
                Map.entry("kafka.group-id", "it-" + id),
                Map.entry("kafka.bounded", "true"),
                Map.entry("influx.url", influx.url()),
                Map.entry("influx.database", "db_" + id),
                Map.entry("influx.batch-size", "50"),
                Map.entry("influx.max-retries", Integer.toString(maxRetries)),
                Map.entry("influx.retry-backoff", retryBackoff),
                Map.entry("checkpoint.interval", "1 s")));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        ThroughputJob.fromConfiguration(conf).build(env);
        return env.executeAsync(ThroughputJob.NAME);
    }

    private static long count(String id, String measurement) throws Exception {
        List<Map<String, Object>> rows = new InfluxQuery(influx.url(), "db_" + id, "")
                .rows("SELECT count(bps) FROM " + measurement + " WHERE run = 'run-" + id + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldHoldTheJobBackThroughAnOutageWithinTheRetryBudgetAndWriteEveryPointWithoutARestart(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String id = withinBudget;
        influx.stopServer();
        long stopped = System.nanoTime();
        JobClient job;
        try {
            job = startJob(id, 8, "500 ms");
            Await.until("through the outage", OUTAGE.plusSeconds(5), () -> System.nanoTime() - stopped >= OUTAGE.toNanos());
            // Bounded input is read in a moment; the job cannot finish while its sink waits for InfluxDB.
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            influx.restartServer();
        }
        job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        AccessExecutionGraph graph = graph(cluster, job.getJobID());
        long stored = count(id, "iperf_interval");
        long summaries = count(id, "throughput_interval");
        System.out.printf("FAULT influx-outage-within-budget: outage=%ds produced=%d stored=%d intervals=%d"
                        + " restarts=%s%n", OUTAGE.toSeconds(), STREAMS * SECONDS, stored, summaries,
                graph.getStatusTimestamp(JobStatus.RESTARTING) > 0 ? ">=1" : "0");
        assertThat(graph.getState()).isEqualTo(JobStatus.FINISHED);
        assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING)).as("time of a restart").isZero();
        assertThat(stored).isEqualTo(STREAMS * SECONDS);
        assertThat(summaries).isEqualTo(SECONDS);
    }

    @Test
    void shouldFailLoudlyAndRestartWhenTheRetryBudgetRunsOutAndStillWriteEveryPoint(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        String id = beyondBudget;
        influx.stopServer();
        JobClient job;
        String failure;
        try {
            // Two retries, 0.1 s then 0.2 s: the budget runs out long before InfluxDB is back.
            job = startJob(id, 2, "100 ms");
            Await.until("restarted after the sink gave up", WAIT, () -> {
                AccessExecutionGraph graph = graph(cluster, job.getJobID());
                return graph.getStatusTimestamp(JobStatus.RESTARTING) > 0 && graph.getFailureInfo() != null;
            });
            failure = graph(cluster, job.getJobID()).getFailureInfo().getExceptionAsString();
        } finally {
            influx.restartServer();
        }
        job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        long stored = count(id, "iperf_interval");
        System.out.printf("FAULT influx-outage-beyond-budget: produced=%d stored=%d restarts>=1 failure=%s%n",
                STREAMS * SECONDS, stored, failure.lines().findFirst().orElse(""));
        assertThat(failure).contains("giving up on").contains("after 2 retries").contains("cannot reach InfluxDB");
        assertThat(graph(cluster, job.getJobID()).getState()).isEqualTo(JobStatus.FINISHED);
        assertThat(stored).isEqualTo(STREAMS * SECONDS);
        assertThat(count(id, "throughput_interval")).isEqualTo(SECONDS);
    }
}
