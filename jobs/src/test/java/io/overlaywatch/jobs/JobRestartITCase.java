package io.overlaywatch.jobs;

import io.overlaywatch.embedded.Await;
import io.overlaywatch.jobs.JobTestBed.JobTopics;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.jobs.sinks.InfluxSettings;
import io.overlaywatch.jobs.sinks.InfluxSink;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job fails in the middle of a sweep and restarts from its last checkpoint, or is stopped with a savepoint and
 * resumed: the step summaries, run summaries and alerts it leaves in InfluxDB and on the alerts topic equal those
 * of a run without a fault, byte for byte after sorting. The alerts topic is written at least once; an alert is
 * the same record every time it is made, so readers drop repeats (the test counts them).
 */
@Timeout(240)
class JobRestartITCase {

    private static final int RUNS = 5;
    private static final int[] POLICIES = {0, 100, 1000};
    private static final double[] GBPS = {15, 10, 5};
    private static final int SECONDS = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestBed.miniCluster(new Configuration());
    @RegisterExtension
    static final JobTestBed SERVICES = JobTestBed.plain();
    private static WireTopics topics;
    private static String sweep;
    private static Outputs reference;
    private static JobTopics failTopics;
    private static JobTopics savepointTopics;

    /**
     * What the job left behind for the sweep's runs, each list sorted; the alerts topic without repeats.
     *
     * @param alertsProduced records on the alerts topic, repeats included
     */
    record Outputs(List<String> stepSummaries, List<String> runSummaries, List<String> alertPoints,
                   List<String> alertsTopic, int alertsProduced) {
        String counts() {
            return "step-summaries=" + stepSummaries.size() + " run-summaries=" + runSummaries.size()
                    + " alert-points=" + alertPoints.size() + " alerts-on-topic=" + alertsProduced
                    + " duplicate-alerts=" + (alertsProduced - alertsTopic.size());
        }
    }

    @BeforeAll
    static void runWithoutAFault() throws Exception {
        topics = new WireTopics(SERVICES.kafka().bootstrapServers());
        sweep = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        // Every topic before any job runs: the embedded broker was seen not to take leadership of topics created
        // after a job was cancelled (NotLeaderOrFollower for 30 s and more).
        JobTopics jobTopics = prepare("ref");
        failTopics = prepare("fail");
        savepointTopics = prepare("savepoint");
        produce(jobTopics, 0, RUNS);
        produce(failTopics, 0, 2);
        produce(savepointTopics, 0, 2);
        Configuration conf = configuration(jobTopics, true);
        ThroughputJob.fromConfiguration(conf).execute(JobTestBed.environment(conf));
        reference = outputs(jobTopics);
        System.out.println("FAULT job-restart reference (no fault): " + reference.counts());
        assertThat(reference.stepSummaries()).hasSize(RUNS * POLICIES.length);
        assertThat(reference.runSummaries()).hasSize(RUNS);
        // Every run degrades across its policies and has a probe error; the last run regresses at every step.
        assertThat(reference.alertsTopic()).hasSize(2 * RUNS + POLICIES.length);
        assertThat(reference.alertPoints()).hasSameSizeAs(reference.alertsTopic());
    }

    @AfterAll
    static void closeProducer() {
        if (topics != null) {
            topics.close();
        }
    }

    /** Runs {@code from} to {@code to - 1}, an hour apart: three policy steps of two streams, one probe error each. */
    private static List<WireRecord> input(int from, int to) {
        List<WireRecord> records = new ArrayList<>();
        for (int run = from; run < to; run++) {
            long base = run * 3_600_000L;
            // Runs agree within 1%; the last one lost 30% everywhere.
            double factor = (run == RUNS - 1 ? 0.7 : 1.0) * (1 + 0.01 * (run % 3 - 1));
            for (int i = 0; i < POLICIES.length; i++) {
                StepKey step = step(sweep + "-" + run, Protocol.TCP, i, POLICIES[i], 1);
                long offset = base + i * 20_000L;
                for (int second = 0; second < SECONDS; second++) {
                    for (int stream = 0; stream < 2; stream++) {
                        records.add(sample(step, Side.SENDER, "s" + stream, second,
                                GBPS[i] * 1e9 * factor + second * 1e6 + stream * 1e7, offset));
                    }
                }
                records.add(end(step, T0 + offset + SECONDS * 1000L + 500));
            }
            records.add(new ProbeError(WireRecord.VERSION, T0 + base + 70_000, step(sweep + "-" + run, Protocol.TCP, 2,
                    1000, 1), "client-1", "server-1", "iperf3: error - unable to connect to server", 1));
        }
        return records;
    }

    /**
     * Records of another run, hours later, on every partition of every input topic, as probes that go on
     * measuring would send: a bounded job closes its last steps and runs at the end of its input, a running
     * job when event time has passed them on every partition.
     */
    private static void produceLater(JobTopics jobTopics) throws Exception {
        String run = "later-" + sweep;
        StepKey step = step(run, Protocol.TCP, 0, 0, 1);
        // Brokers refuse timestamps more than an hour ahead of their clock; T0 + 4.5 h is past since 14:30 UTC on T0's day.
        long later = 4 * 3_600_000L + 30 * 60_000L;
        for (int partition = 0; partition < 2; partition++) {
            topics.produceTo(jobTopics.samples(), partition, sample(step, Side.SENDER, "f" + partition, 0, 1e9, later));
            topics.produceTo(jobTopics.steps(), partition, end(step, T0 + later + 1500));
            topics.produceTo(jobTopics.counters(), partition, new Counter(WireRecord.VERSION, T0 + later, run, "node-a",
                    "netdev", "rx_dropped", Map.of("interface", "eth" + partition), 0));
        }
    }

    private static JobTopics prepare(String variant) throws Exception {
        return SERVICES.newTopics(variant + "_");
    }

    /**
     * Runs {@code from} to {@code to - 1}, then a heartbeat on every partition of every input topic after them, as
     * probes and collectors that go on reporting would send. With every partition holding records from the start,
     * the job needs no idleness to move event time, so a partition whose reader is slow to start or to resume after
     * the restart is waited for instead of passed over (which would make its backlog late).
     */
    private static void produce(JobTopics jobTopics, int from, int to) throws Exception {
        topics.produce(jobTopics.samples(), jobTopics.steps(), input(from, to));
        long time = T0 + (to - 1) * 3_600_000L + 80_000;
        StepKey beat = new StepKey("beat-" + sweep, Scenario.DEMO, "heartbeat", Protocol.TCP, to, 0, 1, 1);
        for (int partition = 0; partition < 2; partition++) {
            topics.produceTo(jobTopics.samples(), partition, sample(beat, Side.SENDER, "b" + partition, 0, 1e9,
                    time - T0 - 1000));
            topics.produceTo(jobTopics.steps(), partition, end(beat, time + 500));
            topics.produceTo(jobTopics.counters(), partition, new Counter(WireRecord.VERSION, time, beat.run(), "node-a",
                    "netdev", "rx_dropped", Map.of("interface", "eth" + partition), 0));
        }
    }

    private static Configuration configuration(JobTopics jobTopics, boolean bounded) throws Exception {
        Map<String, String> settings = SERVICES.settings(jobTopics);
        settings.putAll(Map.of(
                "kafka.bounded", Boolean.toString(bounded),
                "watermark.out-of-orderness", "1 s",
                // Every partition has records from the start (see produce): nothing waits on idleness.
                "watermark.idleness", "60 s",
                "influx.flush-interval", "200 ms",
                "checkpoint.interval", "500 ms",
                "checkpoint.dir", checkpoints(jobTopics).toUri().toString()));
        Configuration conf = JobConfig.load(null, settings);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    /** Where {@code checkpoint.dir} puts a job's checkpoints: on disk, not in the JobManager's memory. */
    private static Path checkpoints(JobTopics jobTopics) {
        return SERVICES.dir().resolve("checkpoints-" + jobTopics.id());
    }

    private static Outputs outputs(JobTopics jobTopics) throws Exception {
        InfluxQuery query = new InfluxQuery(SERVICES.influx().url(), jobTopics.database(), "");
        String runs = " WHERE run =~ /^" + sweep + "-/";
        List<String> alerts = new ArrayList<>();
        SERVICES.kafka().readAll(jobTopics.alerts())
                .forEach(r -> alerts.add(new String(r.value(), StandardCharsets.UTF_8)));
        return new Outputs(sorted(query.rows("SELECT * FROM step_summary" + runs)),
                sorted(query.rows("SELECT * FROM run_summary" + runs)),
                sorted(query.rows("SELECT * FROM alert" + runs)), alerts.stream().distinct().sorted().toList(),
                alerts.size());
    }

    private static List<String> sorted(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> new TreeMap<>(row).toString()).sorted().toList();
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobClient job) throws Exception {
        return cluster.getExecutionGraph(job.getJobID()).get(10, TimeUnit.SECONDS);
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) throws Exception {
        return graph(cluster, job).getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    /** The first two runs summarised, and a checkpoint after them: the middle of the sweep. */
    private static void awaitMidSweep(JobTopics jobTopics, MiniCluster cluster, JobClient job) throws Exception {
        InfluxQuery query = new InfluxQuery(SERVICES.influx().url(), jobTopics.database(), "");
        Await.until("the first runs summarised", WAIT, () -> query.rows("SELECT * FROM step_summary WHERE run =~ /^"
                + sweep + "-/").size() >= 2 * POLICIES.length);
        long before = completedCheckpoints(cluster, job);
        Await.until("a checkpoint after them", WAIT, () -> completedCheckpoints(cluster, job) > before);
    }

    /** The rest of the sweep and later records, then waits until the job has written as much as without a fault. */
    private static Outputs finishSweep(JobTopics jobTopics) throws Exception {
        produce(jobTopics, 2, RUNS);
        produceLater(jobTopics);
        Outputs[] outputs = new Outputs[1];
        Await.until("as many outputs as without a fault (" + reference.counts() + ")", WAIT, () -> {
            outputs[0] = outputs(jobTopics);
            return outputs[0].stepSummaries().size() >= reference.stepSummaries().size()
                    && outputs[0].runSummaries().size() >= reference.runSummaries().size()
                    && outputs[0].alertPoints().size() >= reference.alertPoints().size()
                    && outputs[0].alertsTopic().size() >= reference.alertsTopic().size();
        });
        return outputs[0];
    }

    @Test
    void shouldLeaveTheSameSummariesAndAlertsAfterAFailureMidSweepAndARestartFromTheLastCheckpoint(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobClient job = start(failTopics, null, true);
        Outputs outputs;
        RestoredCheckpointStats restored;
        try {
            awaitMidSweep(failTopics, cluster, job);
            FailingOnceSink.ARMED.set(true);
            outputs = finishSweep(failTopics);
            AccessExecutionGraph graph = graph(cluster, job);
            assertThat(FailingOnceSink.FAILED).as("the failure was injected").isTrue();
            assertThat(graph.getStatusTimestamp(JobStatus.RESTARTING)).as("time of the restart").isPositive();
            restored = graph.getCheckpointStatsSnapshot().getLatestRestoredCheckpoint();
            assertThat(restored).as("the checkpoint the job restarted from").isNotNull();
            assertThat(URI.create(restored.getExternalPath()).getPath()).as("where it was kept")
                    .startsWith(checkpoints(failTopics).toString());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEqualToReference(outputs);
        System.out.printf("FAULT job-restart failure-mid-sweep: %s restored-checkpoint=%d byte-identical"
                + " (no fault: %s)%n", outputs.counts(), restored.getCheckpointId(), reference.counts());
    }

    @Test
    void shouldLeaveTheSameSummariesAndAlertsAfterAStopWithSavepointAndResume(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobClient first = start(savepointTopics, null, false);
        String savepoint;
        try {
            awaitMidSweep(savepointTopics, cluster, first);
            savepoint = first.stopWithSavepoint(false, SERVICES.dir().resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            first.cancel();
            throw e;
        }
        JobClient resumed = start(savepointTopics, savepoint, false);
        Outputs outputs;
        try {
            outputs = finishSweep(savepointTopics);
            assertThat(graph(cluster, resumed).getCheckpointStatsSnapshot().getLatestRestoredCheckpoint())
                    .as("the checkpoint the resumed job started from").isNotNull()
                    .satisfies(restored -> assertThat(restored.getExternalPath()).isEqualTo(savepoint));
        } finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEqualToReference(outputs);
        System.out.printf("FAULT job-restart stop-with-savepoint: %s byte-identical (no fault: %s)%n",
                outputs.counts(), reference.counts());
    }

    /** The job over {@code jobTopics}, unbounded, from a savepoint when given, with the failing sink when asked. */
    private static JobClient start(JobTopics jobTopics, String savepoint, boolean failing) throws Exception {
        Configuration conf = configuration(jobTopics, false);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = JobTestBed.environment(conf);
        InfluxSink influxSink = new InfluxSink(InfluxSettings.from(conf));
        new ThroughputJob(ThroughputJob.kafkaSource(conf), ThroughputJob.deadLetterSink(conf),
                failing ? new FailingOnceSink(influxSink) : influxSink, ThroughputJob.alertSink(conf), conf).build(env);
        return env.executeAsync(ThroughputJob.NAME);
    }

    /**
     * Equal to the run without a fault, byte for byte after sorting: step statistics are computed from the sorted
     * values when a step closes, so the order in which the streams' samples arrived, which a restart may change,
     * does not show. The alerts topic is compared without repeats: it is written at least once.
     */
    private static void assertEqualToReference(Outputs outputs) {
        assertThat(outputs.stepSummaries()).containsExactlyElementsOf(reference.stepSummaries());
        assertThat(outputs.runSummaries()).containsExactlyElementsOf(reference.runSummaries());
        assertThat(outputs.alertPoints()).containsExactlyElementsOf(reference.alertPoints());
        assertThat(outputs.alertsTopic()).containsExactlyElementsOf(reference.alertsTopic());
    }
}
