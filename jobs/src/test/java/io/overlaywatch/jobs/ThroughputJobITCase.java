package io.overlaywatch.jobs;

import io.overlaywatch.jobs.JobTestBed.JobTopics;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.overlaywatch.jobs.TestSamples.T0;
import static io.overlaywatch.jobs.TestSamples.end;
import static io.overlaywatch.jobs.TestSamples.sample;
import static io.overlaywatch.jobs.TestSamples.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The whole job on a MiniCluster, between a real Kafka broker and a real InfluxDB 1.x. */
class ThroughputJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestBed.miniCluster(new Configuration());
    @RegisterExtension
    static final JobTestBed SERVICES = JobTestBed.plain();

    @Test
    void shouldWriteStepSummariesAndRawIntervalsAndDeadLetterBadRecords() throws Exception {
        JobTopics topics = SERVICES.newTopics("");

        StepKey tcp = step(topics.run(), Protocol.TCP, 0, 1, 2);
        StepKey udp = step(topics.run(), Protocol.UDP, 1, 1, 1);
        double[] a = {10e9, 20e9, 30e9};
        double[] b = {2e9, 4e9, 6e9};
        String valid = WireCodec.encodeToString(sample(tcp, Side.SENDER, "a", 7, 1e9, 0));
        try (WireTopics wire = new WireTopics(SERVICES.kafka().bootstrapServers())) {
            for (int i = 0; i < 3; i++) {
                wire.send(topics.samples(), sample(tcp, Side.SENDER, "a", i, a[i], 0));
                wire.send(topics.samples(), sample(tcp, Side.SENDER, "b", i, b[i], 50));
                wire.send(topics.samples(), sample(udp, Side.RECEIVER, "u", i + 10, 400e6 + i * 100e6, 0));
            }
            wire.send(topics.steps(), end(tcp, T0 + 3500));
            wire.send(topics.steps(), end(udp, T0 + 13500));
            wire.send(topics.counters(), new Counter(WireRecord.VERSION, T0 + 500, topics.run(), "node-b", "netdev",
                    "rx_dropped", Map.of("interface", "eth0"), 42));
            wire.sendRaw(topics.samples(), "this is not json".getBytes(StandardCharsets.UTF_8));
            wire.sendRaw(topics.samples(), valid.replace("\"v\":1", "\"v\":7").getBytes(StandardCharsets.UTF_8));
            wire.sendRaw(topics.samples(), valid.replace("\"bytes\":125000000", "\"bytes\":-1")
                    .getBytes(StandardCharsets.UTF_8));
        }

        Configuration conf = JobConfig.load(null, SERVICES.settings(topics));
        conf.set(PipelineOptions.GENERIC_TYPES, false); // proves every record type is a POJO, never Kryo

        ThroughputJob.fromConfiguration(conf).execute(JobTestBed.environment(conf));

        InfluxQuery query = new InfluxQuery(SERVICES.influx().url(), topics.database(), "");
        List<Map<String, Object>> summaries = query.rows(
                "SELECT * FROM step_summary WHERE run = '" + topics.run() + "'");
        summaries.sort(Comparator.comparing(row -> (String) row.get("protocol")));
        assertThat(summaries).hasSize(2);
        Map<String, Object> t = summaries.get(0);
        assertThat(t).containsEntry("protocol", "tcp").containsEntry("side", "sender")
                .containsEntry("pods", "2").containsEntry("streams", 2L).containsEntry("samples", 6L)
                .containsEntry("closed_by_marker", true).containsEntry("time", T0 + 3050);
        assertThat(number(t, "mean_bps")).isCloseTo(12e9, within(1.0));
        assertThat(number(t, "cumulative_mean_bps")).isCloseTo(24e9, within(1.0));
        assertThat(number(t, "min_bps")).isEqualTo(2e9);
        assertThat(number(t, "max_bps")).isEqualTo(30e9);
        Map<String, Object> u = summaries.get(1);
        assertThat(u).containsEntry("protocol", "udp").containsEntry("side", "receiver")
                .containsEntry("samples", 3L);
        assertThat(number(u, "mean_bps")).isCloseTo(500e6, within(1.0));

        assertThat(query.rows("SELECT count(bps) FROM iperf_interval WHERE run = '" + topics.run() + "'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("count", 9L));
        assertThat(query.rows("SELECT bps FROM throughput_interval WHERE run = '" + topics.run()
                + "' AND protocol = 'tcp'")).extracting(row -> number(row, "bps")).containsExactly(12e9, 24e9, 36e9);

        assertThat(query.rows("SELECT value FROM counter WHERE run = '" + topics.run() + "' AND \"interface\" = 'eth0'"
                + " AND counter = 'rx_dropped'")).singleElement()
                .satisfies(row -> assertThat(number(row, "value")).isEqualTo(42));

        assertThat(query.rows("SELECT * FROM run_summary WHERE run = '" + topics.run() + "'"))
                .extracting(row -> row.get("protocol")).containsExactlyInAnyOrder("tcp", "udp");

        List<DeadLetter> letters = SERVICES.deadLetters(topics.deadletter(), 3);
        assertThat(letters).extracting(DeadLetter::reason).anySatisfy(r -> assertThat(r).startsWith("not JSON"))
                .anySatisfy(r -> assertThat(r).contains("unknown schema version v=7"))
                .anySatisfy(r -> assertThat(r).contains("bytes must not be negative"));
        assertThat(letters).allSatisfy(l -> assertThat(l.topic()).isEqualTo(topics.samples()));
        assertThat(new String(java.util.Base64.getDecoder().decode(letters.stream()
                .filter(l -> l.reason().startsWith("not JSON")).findFirst().orElseThrow().rawBase64()),
                StandardCharsets.UTF_8)).isEqualTo("this is not json");
    }

    /** InfluxDB's JSON writes a float field with a whole value as an integer. */
    private static double number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).doubleValue();
    }
}
