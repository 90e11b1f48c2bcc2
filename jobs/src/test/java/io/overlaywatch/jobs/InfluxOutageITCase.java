package io.overlaywatch.jobs;

import io.overlaywatch.embedded.Await;
import io.overlaywatch.jobs.JobTestBed.JobTopics;
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
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    static final MiniClusterExtension FLINK = JobTestBed.miniCluster(new Configuration());
    @RegisterExtension
    static final JobTestBed SERVICES = JobTestBed.plain();
    private static JobTopics withinBudget;
    private static JobTopics beyondBudget;

    /**
     * Both tests' input is written before any job runs: the embedded broker has been seen not to take the
     * leadership of topics created after a job was cancelled, for longer than a producer waits.
     */
    @BeforeAll
    static void prepareInputs() throws Exception {
        withinBudget = prepareInput();
        beyondBudget = prepareInput();
    }

    /** Fresh topics holding one step of {@link #STREAMS} streams and a fresh database. */
    private static JobTopics prepareInput() throws Exception {
        JobTopics topics = SERVICES.newTopics("");
        StepKey step = step(topics.run(), Protocol.TCP, 0, 10, 1);
        List<WireRecord> input = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            for (int stream = 0; stream < STREAMS; stream++) {
                input.add(sample(step, Side.SENDER, "s" + stream, second, 1e9 + stream, 0));
            }
        }
        input.add(end(step, T0 + SECONDS * 1000L + 500));
        try (WireTopics wire = new WireTopics(SERVICES.kafka().bootstrapServers())) {
            wire.produce(topics.samples(), topics.steps(), input);
        }
        return topics;
    }

    /** The bounded job over the input of {@code topics}, started. */
    private static JobClient startJob(JobTopics topics, int maxRetries, String retryBackoff) throws Exception {
        Map<String, String> settings = SERVICES.settings(topics);
        settings.putAll(Map.of("influx.batch-size", "50", "influx.max-retries", Integer.toString(maxRetries),
                "influx.retry-backoff", retryBackoff));
        Configuration conf = JobConfig.load(null, settings);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = JobTestBed.environment(conf);
        ThroughputJob.fromConfiguration(conf).build(env);
        return env.executeAsync(ThroughputJob.NAME);
    }

    private static long count(JobTopics topics, String measurement) throws Exception {
        List<Map<String, Object>> rows = new InfluxQuery(SERVICES.influx().url(), topics.database(), "")
                .rows("SELECT count(bps) FROM " + measurement + " WHERE run = '" + topics.run() + "'");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldHoldTheJobBackThroughAnOutageWithinTheRetryBudgetAndWriteEveryPointWithoutARestart(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics topics = withinBudget;
        SERVICES.influx().stopServer();
        long stopped = System.nanoTime();
        JobClient job;
        try {
            job = startJob(topics, 8, "500 ms");
            Await.until("through the outage", OUTAGE.plusSeconds(5), () -> System.nanoTime() - stopped >= OUTAGE.toNanos());
            // Bounded input is read in a moment; the job cannot finish while its sink waits for InfluxDB.
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        } finally {
            SERVICES.influx().restartServer();
        }
        job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        AccessExecutionGraph graph = graph(cluster, job.getJobID());
        long stored = count(topics, "iperf_interval");
        long summaries = count(topics, "throughput_interval");
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
        JobTopics topics = beyondBudget;
        SERVICES.influx().stopServer();
        JobClient job;
        String failure;
        try {
            // Two retries, 0.1 s then 0.2 s: the budget runs out long before InfluxDB is back.
            job = startJob(topics, 2, "100 ms");
            Await.until("restarted after the sink gave up", WAIT, () -> {
                AccessExecutionGraph graph = graph(cluster, job.getJobID());
                return graph.getStatusTimestamp(JobStatus.RESTARTING) > 0 && graph.getFailureInfo() != null;
            });
            failure = graph(cluster, job.getJobID()).getFailureInfo().getExceptionAsString();
        } finally {
            SERVICES.influx().restartServer();
        }
        job.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        long stored = count(topics, "iperf_interval");
        System.out.printf("FAULT influx-outage-beyond-budget: produced=%d stored=%d restarts>=1 failure=%s%n",
                STREAMS * SECONDS, stored, failure.lines().findFirst().orElse(""));
        assertThat(failure).contains("giving up on").contains("after 2 retries").contains("cannot reach InfluxDB");
        assertThat(graph(cluster, job.getJobID()).getState()).isEqualTo(JobStatus.FINISHED);
        assertThat(stored).isEqualTo(STREAMS * SECONDS);
        assertThat(count(topics, "throughput_interval")).isEqualTo(SECONDS);
    }
}
