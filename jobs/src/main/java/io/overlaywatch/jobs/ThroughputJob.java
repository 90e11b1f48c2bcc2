package io.overlaywatch.jobs;

import io.overlaywatch.jobs.functions.AlertLines;
import io.overlaywatch.jobs.functions.AlertSerializer;
import io.overlaywatch.jobs.functions.CounterDeltas;
import io.overlaywatch.jobs.functions.CusumDetector;
import io.overlaywatch.jobs.functions.DeadLetterSerializer;
import io.overlaywatch.jobs.functions.DuplicateSampleFilter;
import io.overlaywatch.jobs.functions.IncomingDeserializer;
import io.overlaywatch.jobs.functions.IncomingRouter;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.functions.LinkChangeDetector;
import io.overlaywatch.jobs.functions.LinkSampleFilter;
import io.overlaywatch.jobs.functions.LinkThroughputAggregator;
import io.overlaywatch.jobs.functions.LinkWindowFunction;
import io.overlaywatch.jobs.functions.LossDetector;
import io.overlaywatch.jobs.functions.PartitionWatermarks;
import io.overlaywatch.jobs.functions.ProbeErrorAlerts;
import io.overlaywatch.jobs.functions.RegressionDetector;
import io.overlaywatch.jobs.functions.RunSummarizer;
import io.overlaywatch.jobs.functions.StallDetector;
import io.overlaywatch.jobs.functions.StepAggregator;
import io.overlaywatch.jobs.functions.Steps;
import io.overlaywatch.jobs.records.Incoming;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.jobs.records.StepEvent;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.jobs.records.StreamKey;
import io.overlaywatch.jobs.sinks.AlertmanagerSettings;
import io.overlaywatch.jobs.sinks.AlertmanagerSink;
import io.overlaywatch.jobs.sinks.InfluxSettings;
import io.overlaywatch.jobs.sinks.InfluxSink;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.DeadLetter;
import io.overlaywatch.model.Sample;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The throughput job: validates samples, step markers and counters, writes intervals and counters raw, aggregates
 * each step into a summary and per-interval cumulative throughput, summarises each run (degradation, the policy
 * cost model), detects regressions against earlier runs, and writes it all to InfluxDB, alerts also to the alerts
 * topic (and Alertmanager). Rejected records, and the second copy of a duplicate sample, go to the dead-letter topic
 * with their reason.
 */
public class ThroughputJob {

    public static final String NAME = "overlaywatch-throughput";

    private final Source<Incoming, ?, ?> source;
    private final Sink<DeadLetter> deadLetters;
    private final Sink<String> influx;
    private final Sink<Alert> alerts;
    private final Configuration conf;

    public ThroughputJob(Source<Incoming, ?, ?> source, Sink<DeadLetter> deadLetters, Sink<String> influx,
                         Sink<Alert> alerts, Configuration conf) {
        this.source = source;
        this.deadLetters = deadLetters;
        this.influx = influx;
        this.alerts = alerts;
        this.conf = conf;
    }

    /** The job reading Kafka and writing InfluxDB and the alerts topic as the configuration says. */
    public static ThroughputJob fromConfiguration(Configuration conf) {
        return new ThroughputJob(kafkaSource(conf), deadLetterSink(conf), new InfluxSink(InfluxSettings.from(conf)),
                alertSink(conf), conf);
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute(NAME);
    }

    /** Adds the job's operators to the environment. */
    public void build(StreamExecutionEnvironment env) {
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis());

        DataStream<Incoming> incoming = env
                .fromSource(source, watermarks(conf.get(JobOptions.OUT_OF_ORDERNESS), conf.get(JobOptions.IDLENESS)),
                        "samples and steps")
                .uid("kafka-source")
                .keyBy(DuplicateSampleFilter::keyOf)
                .process(new DuplicateSampleFilter(conf.get(JobOptions.SAMPLES_TOPIC)))
                .name("drop duplicate samples").uid("deduplicate");

        SingleOutputStreamOperator<StepEvent> routed = incoming
                .process(new IncomingRouter())
                .name("validate and route").uid("route");

        routed.getSideOutput(IncomingRouter.DEAD_LETTERS)
                .sinkTo(deadLetters).name("dead letters").uid("deadletter-sink");

        SingleOutputStreamOperator<StepSummary> summaries = routed
                .keyBy(StepEvent::key)
                .process(new StepAggregator(conf.get(JobOptions.STEP_GAP), conf.get(JobOptions.STEP_WARM_UP),
                        conf.get(JobOptions.STEP_EXACT_LIMIT)))
                .name("aggregate steps").uid("aggregate-steps");

        DataStream<String> errorLines = routed.getSideOutput(IncomingRouter.PROBE_ERRORS)
                .map(InfluxLines::probeError).name("probe_error lines").uid("error-lines");
        DataStream<String> counterLines = routed.getSideOutput(IncomingRouter.COUNTERS)
                .map(InfluxLines::counter).name("counter lines").uid("counter-lines");
        DataStream<String> summaryLines = summaries
                .map(InfluxLines::summary).name("step_summary lines").uid("summary-lines");
        DataStream<String> intervalLines = summaries.getSideOutput(StepAggregator.INTERVALS)
                .map(InfluxLines::interval).name("throughput_interval lines").uid("interval-lines");
        DataStream<String> lateStepLines = summaries.getSideOutput(StepAggregator.LATE)
                .map(s -> InfluxLines.late(s, "step")).name("late step samples").uid("late-step-lines");

        DataStream<StepSummary> relevant = summaries.filter(Steps::relevant)
                .name("relevant side").uid("relevant-summaries");
        SingleOutputStreamOperator<RunSummary> runs = relevant.keyBy(Steps::run)
                .process(new RunSummarizer(conf.get(JobOptions.RUN_GAP), conf.get(JobOptions.DEGRADATION_THRESHOLD),
                        conf.get(JobOptions.COST_EFFECT)))
                .name("summarise runs").uid("summarise-runs");
        SingleOutputStreamOperator<StepCounters> stepCounters = routed.getSideOutput(IncomingRouter.COUNTERS)
                .connect(relevant).keyBy(Counter::run, Steps::run)
                .process(new CounterDeltas(conf.get(JobOptions.COUNTER_SETTLE), conf.get(JobOptions.COUNTER_HORIZON),
                        conf.get(JobOptions.COUNTER_TOP)))
                .name("counter deltas").uid("counter-deltas");
        DataStream<Alert> regressions = stepCounters.keyBy(c -> Steps.stepKey(c.summary().step()))
                .process(new RegressionDetector(new RegressionDetector.Settings(conf.get(JobOptions.BASELINE_RUNS),
                        conf.get(JobOptions.MIN_BASELINE_RUNS), conf.get(JobOptions.MAX_P_VALUE),
                        conf.get(JobOptions.MIN_CHANGE), conf.get(JobOptions.MIN_SPREAD),
                        conf.get(JobOptions.REGRESSION_TTL), conf.get(JobOptions.RUN_GAP))))
                .name("detect regressions").uid("detect-regressions");
        DataStream<Sample> rawSamples = routed.getSideOutput(IncomingRouter.RAW_SAMPLES);
        SingleOutputStreamOperator<LinkWindow> linkWindows = rawSamples
                .filter(new LinkSampleFilter(conf.get(JobOptions.LIVE_SCENARIOS)))
                .name("live link samples").uid("live-link-samples")
                .keyBy(LinkWindow::keyOf)
                .window(TumblingEventTimeWindows.of(conf.get(JobOptions.LIVE_WINDOW)))
                .sideOutputLateData(LinkWindowFunction.LATE)
                .aggregate(new LinkThroughputAggregator(), new LinkWindowFunction())
                .name("link throughput windows").uid("link-windows");
        DataStream<String> lateLinkLines = linkWindows.getSideOutput(LinkWindowFunction.LATE)
                .map(s -> InfluxLines.late(s, "link")).name("late link samples").uid("late-link-lines");
        DataStream<Alert> changes = linkWindows.keyBy(LinkWindow::key)
                .process(new LinkChangeDetector(new CusumDetector.Settings(conf.get(JobOptions.LIVE_BASELINE_WINDOWS),
                        conf.get(JobOptions.LIVE_CUSUM_K), conf.get(JobOptions.LIVE_CUSUM_H),
                        conf.get(JobOptions.LIVE_MIN_DROP), conf.get(JobOptions.LIVE_CHANGE_WINDOWS),
                        conf.get(JobOptions.LIVE_SIGMA_FLOOR)),
                        conf.get(JobOptions.LIVE_MIN_INTERVALS), conf.get(JobOptions.LIVE_IDLE)))
                .name("link change alerts").uid("link-change");
        DataStream<Alert> losses = linkWindows.keyBy(LinkWindow::key)
                .process(new LossDetector(conf.get(JobOptions.LOSS_THRESHOLD), conf.get(JobOptions.LOSS_CLEAR_WINDOWS),
                        conf.get(JobOptions.LIVE_IDLE)))
                .name("udp loss alerts").uid("link-loss");
        // Still keyed by the stream, as deduplication left it: no shuffle between the two.
        DataStream<Alert> stalls = DataStreamUtils.reinterpretAsKeyedStream(rawSamples
                        .filter(LinkSampleFilter.allScenarios()).name("relevant samples").uid("stall-samples"),
                        StreamKey::of, TypeInformation.of(StreamKey.class))
                .process(new StallDetector(conf.get(JobOptions.STALL_INTERVALS), conf.get(JobOptions.STALL_IDLE)))
                .name("stall alerts").uid("stalls");
        DataStream<Alert> probeErrorAlerts = routed.getSideOutput(IncomingRouter.PROBE_ERRORS)
                .map(new ProbeErrorAlerts()).name("probe error alerts").uid("probe-error-alerts");
        DataStream<Alert> alerts = regressions.union(runs.getSideOutput(RunSummarizer.ALERTS), changes, losses, stalls,
                probeErrorAlerts);
        alerts.sinkTo(this.alerts).name("alerts topic").uid("alerts-sink");
        String alertmanager = conf.get(JobOptions.ALERTMANAGER_URL);
        if (!alertmanager.isEmpty()) {
            alerts.sinkTo(new AlertmanagerSink(AlertmanagerSettings.of(alertmanager)))
                    .name("alertmanager").uid("alertmanager-sink");
        }

        DataStream<String> alertLines = alerts.map(AlertLines::alert).name("alert lines").uid("alert-lines");
        DataStream<String> runLines = runs.flatMap((RunSummary s, Collector<String> out) ->
                        AlertLines.runSummary(s).forEach(out::collect)).returns(Types.STRING)
                .name("run_summary lines").uid("run-summary-lines");
        DataStream<String> stepCounterLines = stepCounters.flatMap((StepCounters c, Collector<String> out) ->
                        AlertLines.stepCounters(c).forEach(out::collect)).returns(Types.STRING)
                .name("step_counter lines").uid("step-counter-lines");

        DataStream<String> lines = errorLines.union(counterLines, summaryLines, intervalLines, alertLines, runLines,
                stepCounterLines, lateStepLines, lateLinkLines);
        if (conf.get(JobOptions.INFLUX_RAW_SAMPLES)) {
            lines = lines.union(rawSamples.map(InfluxLines::sample).name("iperf_interval lines").uid("raw-lines"));
        }
        lines.sinkTo(influx).name("influxdb").uid("influx-sink");
    }

    /**
     * Event time from each record. Step markers come from one driver, in order, so they need no
     * out-of-orderness allowance: shifting their timestamp by the bound cancels it, and the end
     * marker of the last step can close it as soon as the sample partitions fall idle.
     * Dead letters carry no trustworthy time and must not move event time.
     */
    public static WatermarkStrategy<Incoming> watermarks(Duration outOfOrderness, Duration idleness) {
        long shift = outOfOrderness.toMillis() + 1;
        return new PartitionWatermarks<Incoming>(outOfOrderness, idleness)
                .withTimestampAssigner((in, kafkaTime) -> {
                    if (in.sample() != null) {
                        return in.sample().time();
                    } else if (in.marker() != null) {
                        return in.marker().time() + shift;
                    } else if (in.error() != null) {
                        return in.error().time();
                    } else if (in.counter() != null) {
                        return in.counter().time();
                    }
                    return Long.MIN_VALUE;
                });
    }

    /** Reads the samples, steps and counters topics from the earliest offset a new group has not committed. */
    public static KafkaSource<Incoming> kafkaSource(Configuration conf) {
        KafkaSourceBuilder<Incoming> builder = KafkaSource.<Incoming>builder()
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setTopics(conf.get(JobOptions.SAMPLES_TOPIC), conf.get(JobOptions.STEPS_TOPIC),
                        conf.get(JobOptions.COUNTERS_TOPIC))
                .setGroupId(conf.get(JobOptions.GROUP_ID))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(
                        org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new IncomingDeserializer())
                .setProperties(KafkaSecurity.properties(conf));
        if (conf.get(JobOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Writes alerts to their topic, keyed by what they are about, at least once. */
    public static KafkaSink<Alert> alertSink(Configuration conf) {
        return KafkaSink.<Alert>builder()
                // First: it replaces the whole producer configuration, the calls below add to it.
                .setKafkaProducerConfig(KafkaSecurity.properties(conf))
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(new AlertSerializer(conf.get(JobOptions.ALERTS_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** Writes dead letters to their topic, at least once. */
    public static KafkaSink<DeadLetter> deadLetterSink(Configuration conf) {
        return KafkaSink.<DeadLetter>builder()
                // First: it replaces the whole producer configuration, the calls below add to it.
                .setKafkaProducerConfig(KafkaSecurity.properties(conf))
                .setBootstrapServers(conf.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(new DeadLetterSerializer(conf.get(JobOptions.DEADLETTER_TOPIC)))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
