package io.overlaywatch.lab;

import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.Await;
import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka away for 30 s in the middle of a run: the agent keeps producing into a small memory buffer and a
 * spill file, and once the broker is back every sample reaches the topic once and InfluxDB through the job.
 */
@Timeout(240)
class KafkaOutageITCase {

    /** The outage the issue names; the one 30 s wait of the suite. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final int BUFFER_RECORDS = 50;
    private static final long T0 = 1_795_687_200_000L;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static LocalPipeline pipeline;

    @BeforeAll
    static void startPipeline() throws Exception {
        pipeline = LocalPipeline.start(new LocalPipeline.Endpoints(null, null, "faults"), dir, "kafka-outage",
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Sample {@code n} of a run with two streams: stream n%2, one interval per second of event time each. */
    private static Sample sample(ProbeLabels labels, long n) {
        String stream = "127.0.0.1:" + (40000 + n % 2) + "-127.0.0.1:5201";
        double start = n / 2;
        long bytes = 100_000_000L + n;
        return labels.toSample(new Iperf3Interval(1, T0 + (long) (start * 1000) + 1000, Protocol.TCP, Side.SENDER,
                stream, false, start, start + 1, false, bytes, bytes * 8.0, 0L, 65_536L, null, null, null, null));
    }

    @Test
    void shouldDeliverEverySampleOnceToTheTopicAndInfluxDbAfterTheBrokerWasAwayThirtySeconds() throws Exception {
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        ProbeLabels labels = new ProbeLabels(new StepKey(run, Scenario.DEMO, "loopback", Protocol.TCP, 0, 0, 1, 1),
                "client-0", "server-0", "node-a", "node-b", "cubic", null);
        KafkaSinkConfig config = KafkaSinkConfig.of(pipeline.bootstrapServers())
                .withBuffer(BUFFER_RECORDS, dir.resolve("spill"));
        AtomicLong produced = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();

        KafkaRecordSink sink = new KafkaRecordSink(config);
        // A probe's pace: 50 samples a second, as 25 parallel streams would print them.
        Thread agent = new Thread(() -> {
            while (!stop.get()) {
                sink.send(sample(labels, produced.getAndIncrement()));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-agent");
        agent.start();
        long spilledDuringOutage;
        long acknowledgedBefore;
        try {
            Await.until("delivering before the outage", WAIT, () -> sink.acknowledged() >= 20);
            pipeline.kafka().stopBroker();
            long stopped = System.nanoTime();
            acknowledgedBefore = sink.acknowledged();
            long producedBefore = produced.get();
            // The outage lasts its 30 s; meanwhile the agent fills its memory buffer, then the spill file.
            Await.until("30 s into the outage", OUTAGE.plusSeconds(5),
                    () -> System.nanoTime() - stopped >= OUTAGE.toNanos());
            spilledDuringOutage = sink.spilled();
            long producedDuring = produced.get() - producedBefore;
            assertThat(sink.acknowledged()).as("acknowledged while the broker is away").isEqualTo(acknowledgedBefore);
            assertThat(spilledDuringOutage).as("spilled of %d produced during the outage", producedDuring)
                    .isGreaterThanOrEqualTo(producedDuring - BUFFER_RECORDS);
            pipeline.kafka().restartBroker();
            long atRestart = produced.get();
            Await.until("delivering after the outage", WAIT, () -> sink.acknowledged() > atRestart);
        } finally {
            stop.set(true);
            agent.join();
        }
        sink.flush();
        long total = produced.get();
        assertThat(sink.pending()).isZero();
        assertThat(sink.failed()).isZero();
        assertThat(sink.acknowledged()).isEqualTo(total);
        long replayed = sink.replayed();
        sink.close();

        List<ConsumerRecord<byte[], byte[]>> onTopic = pipeline.kafka().readAll(KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC)
                .stream()
                .filter(r -> WireCodec.decode(r.value()).record() instanceof Sample s && s.step().run().equals(run))
                .toList();
        long distinct = onTopic.stream().map(r -> WireCodec.decode(r.value()).record()).distinct().count();
        // The spill is replayed in order: each stream's samples are on its partition in the order measured.
        Map<String, Long> lastTime = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : onTopic) {
            Sample s = (Sample) WireCodec.decode(r.value()).record();
            Long previous = lastTime.put(s.stream(), s.time());
            assertThat(previous == null || previous < s.time()).as("%s after %s on %s", s.time(), previous, s.stream())
                    .isTrue();
        }

        String query = "SELECT count(bps) FROM iperf_interval WHERE run = '" + run + "'";
        AtomicLong stored = new AtomicLong();
        Await.until("all " + total + " samples in InfluxDB", WAIT, () -> {
            List<Map<String, Object>> rows = pipeline.query().rows(query);
            stored.set(rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue());
            return stored.get() >= total;
        });
        long deadLetters = pipeline.kafka().readAll(JobOptions.DEADLETTER_TOPIC.defaultValue()).size();

        System.out.printf("FAULT kafka-outage: outage=%ds produced=%d acknowledged=%d spilled=%d replayed=%d"
                        + " on-topic=%d duplicates=%d stored=%d dead-letters=%d%n", OUTAGE.toSeconds(), total,
                sink.acknowledged(), spilledDuringOutage, replayed, onTopic.size(), onTopic.size() - distinct,
                stored.get(), deadLetters);
        assertThat(onTopic).hasSize((int) total);
        assertThat(distinct).isEqualTo(total);
        assertThat(stored.get()).isEqualTo(total);
        assertThat(deadLetters).isZero();
        assertThat(spilledDuringOutage).isPositive();
        assertThat(replayed).isGreaterThanOrEqualTo(spilledDuringOutage);
    }
}
