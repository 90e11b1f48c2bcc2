package io.overlaywatch.jobs.badinput;

import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.JobTestBed.JobTopics;
import io.overlaywatch.jobs.JobTestBed;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.WireTopics;
import io.overlaywatch.jobs.badinput.MalformedRecords.Malformed;
import io.overlaywatch.jobs.functions.RejectCategory;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The malformed corpus sent to the real topics of a running ThroughputJob (MiniCluster, real Kafka, real
 * InfluxDB), next to a valid step whose samples are sent twice: every malformed record and every second copy
 * lands in the dead-letter topic with its reason, counted under its category, the step counts each sample once,
 * and the job never restarts.
 */
class MalformedInputITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestBed.miniCluster(METRICS.addToConfiguration(new Configuration()));
    @RegisterExtension
    static final JobTestBed SERVICES = JobTestBed.plain();

    @Test
    void shouldDeadLetterEveryMalformedRecordWithItsReasonCountItByReasonAndNeverRestart() throws Exception {
        JobTopics jobTopics = SERVICES.newTopics("");
        Map<MalformedRecords.Topic, String> topics = Map.of(MalformedRecords.Topic.SAMPLES, jobTopics.samples(),
                MalformedRecords.Topic.STEPS, jobTopics.steps(), MalformedRecords.Topic.COUNTERS, jobTopics.counters());

        String run = jobTopics.run();
        StepKey tcp = step(run, Protocol.TCP, 0, 1, 2);
        List<Sample> valid = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            valid.add(sample(tcp, Side.SENDER, "a", i, (i + 1) * 10e9, 0));
            valid.add(sample(tcp, Side.SENDER, "b", i, (i + 1) * 2e9, 50));
        }
        Counter counter = new Counter(WireRecord.VERSION, T0 + 500, run, "node-b", "netdev", "rx_dropped",
                Map.of("interface", "eth0"), 42);
        Alert alert = new Alert(WireRecord.VERSION, T0 + 900, Alert.Type.REGRESSION, Alert.Status.FIRING,
                "policy/linear/tcp", run, 1e9, 2e9, -50, 0.001, "made up");
        List<Malformed> corpus = MalformedRecords.corpus(valid.get(0), end(tcp, T0 + 3500), counter, alert);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);

        Map<String, Malformed> byPosition = new HashMap<>();
        try (WireTopics wire = new WireTopics(SERVICES.kafka().bootstrapServers())) {
            for (Sample s : valid) {
                wire.send(jobTopics.samples(), s);
            }
            // The same samples again: an agent that re-sent them. Same key, so after the originals.
            wire.send(jobTopics.samples(), valid.get(0));
            wire.send(jobTopics.samples(), valid.get(3));
            wire.send(jobTopics.samples(), valid.get(3));
            wire.send(jobTopics.counters(), counter);
            wire.send(jobTopics.steps(), end(tcp, T0 + 3500));
            for (Malformed bad : corpus) {
                RecordMetadata at = wire.sendRaw(topics.get(bad.topic()), bad.value());
                byPosition.put(at.topic() + "/" + at.partition() + "/" + at.offset(), bad);
            }
        }
        int duplicates = 3;

        Configuration conf = JobConfig.load(null, SERVICES.settings(jobTopics));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A failure restarts the job (as on a cluster), so that a restart is seen in numRestarts, not hidden.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));

        JobExecutionResult result = ThroughputJob.fromConfiguration(conf).execute(JobTestBed.environment(conf));

        List<DeadLetter> letters = SERVICES.deadLetters(jobTopics.deadletter(), corpus.size() + duplicates);
        Map<RejectCategory, Integer> expected = new EnumMap<>(RejectCategory.class);
        for (DeadLetter letter : letters) {
            if (letter.partition() < 0) {
                assertThat(RejectCategory.of(letter.reason())).as(letter.reason()).isEqualTo(RejectCategory.DUPLICATE);
                assertThat(letter.reason()).startsWith("duplicate sample");
                Decoded copy = WireCodec.decode(Base64.getDecoder().decode(letter.rawBase64()));
                assertThat(copy.record()).isIn(valid.get(0), valid.get(3));
                expected.merge(RejectCategory.DUPLICATE, 1, Integer::sum);
                continue;
            }
            Malformed bad = byPosition.remove(letter.topic() + "/" + letter.partition() + "/" + letter.offset());
            assertThat(bad).as("a dead letter for a record that was not sent: %s", letter).isNotNull();
            assertThat(letter.reason()).as(bad.name()).contains(bad.reasonPart());
            assertThat(RejectCategory.of(letter.reason())).as("%s: %s", bad.name(), letter.reason())
                    .isEqualTo(bad.category());
            byte[] raw = Base64.getDecoder().decode(letter.rawBase64());
            if (raw.length == bad.value().length) {
                assertThat(raw).as(bad.name()).isEqualTo(bad.value());
            } else {
                // Too big to travel whole: the letter keeps the start and says so.
                assertThat(letter.reason()).as(bad.name()).contains("raw value cut");
                assertThat(raw).isEqualTo(Arrays.copyOf(bad.value(), raw.length));
            }
            expected.merge(bad.category(), 1, Integer::sum);
        }
        assertThat(byPosition).as("malformed records without a dead letter").isEmpty();
        assertThat(expected.get(RejectCategory.DUPLICATE)).isEqualTo(duplicates);

        // Each sample counted once: six samples of two streams, the mean as without the copies.
        InfluxQuery query = new InfluxQuery(SERVICES.influx().url(), jobTopics.database(), "");
        assertThat(query.rows("SELECT * FROM step_summary WHERE run = '" + run + "'")).singleElement()
                .satisfies(row -> {
                    assertThat(row).containsEntry("samples", 6L).containsEntry("streams", 2L);
                    assertThat(((Number) row.get("mean_bps")).doubleValue()).isCloseTo(12e9, within(1.0));
                });
        assertThat(query.rows("SELECT count(bps) FROM iperf_interval WHERE run = '" + run + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 6L));

        List<Map.Entry<String, Metric>> metrics = jobMetrics(result.getJobID().toString());
        Map<RejectCategory, Long> counted = new EnumMap<>(RejectCategory.class);
        for (RejectCategory category : RejectCategory.values()) {
            counted.put(category, sum(metrics, ".reason." + category.metricName() + ".deadLetters"));
        }
        System.out.printf("malformed corpus: %d records + %d duplicate copies; dead letters by reason: %s%n",
                corpus.size(), duplicates, new TreeMap<>(counted));
        Map<RejectCategory, Long> expectedCounts = new EnumMap<>(RejectCategory.class);
        for (RejectCategory category : RejectCategory.values()) {
            expectedCounts.put(category, (long) expected.getOrDefault(category, 0));
        }
        assertThat(counted).isEqualTo(expectedCounts);
        assertThat(metrics.stream().filter(e -> e.getKey().matches(".*\\.validate and route\\.\\d+\\.deadLetters"))
                .mapToLong(e -> ((org.apache.flink.metrics.Counter) e.getValue()).getCount()).sum())
                .as("the total deadLetters counter").isEqualTo(corpus.size() + duplicates);
        assertThat(metrics).filteredOn(e -> e.getKey().endsWith(".numRestarts")).as("the job's restart count")
                .singleElement().satisfies(e -> assertThat(((Gauge<?>) e.getValue()).getValue()).isEqualTo(0L));
    }

    /** Every metric of the job by identifier (several subtasks may share one). */
    private static List<Map.Entry<String, Metric>> jobMetrics(String jobId) {
        List<Map.Entry<String, Metric>> metrics = new ArrayList<>();
        METRICS.getMetricsByGroup().forEach((group, byName) -> {
            if (jobId.equals(group.getAllVariables().get("<job_id>"))) {
                byName.forEach((name, metric) -> metrics.add(Map.entry(group.getMetricIdentifier(name), metric)));
            }
        });
        return metrics;
    }

    private static long sum(List<Map.Entry<String, Metric>> metrics, String suffix) {
        long total = 0;
        boolean found = false;
        for (Map.Entry<String, Metric> entry : metrics) {
            if (entry.getKey().endsWith(suffix) && entry.getValue() instanceof org.apache.flink.metrics.Counter c) {
                total += c.getCount();
                found = true;
            }
        }
        assertThat(found).as("a counter ending in %s among %s", suffix, metrics).isTrue();
        return total;
    }
}
