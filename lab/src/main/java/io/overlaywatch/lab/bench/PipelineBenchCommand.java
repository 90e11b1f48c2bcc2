package io.overlaywatch.lab.bench;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.embedded.Await;
import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.embedded.LocalKafka;
import io.overlaywatch.jobs.JobConfig;
import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.jobs.ThroughputJob;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.lab.LocalPipeline;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code bench pipeline}: the job's throughput and latency against a plain consumer, on one broker and one topic. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The job's throughput and latency against a plain Kafka consumer.",
            "",
            "Produces N samples into an embedded Kafka broker, then measures on that topic: (1) a plain "
                    + "kafka-clients consumer decoding every record (the limit), (2) the throughput job on a "
                    + "MiniCluster (parallelism 2) writing its summaries to a local InfluxDB (raw samples off: "
                    + "--set influx.raw-samples=true writes them too), (3) end-to-end latency in a paced run with "
                    + "step end markers.",
            "(1) and (2) each first read --warm-up samples of their own, unmeasured. Prints a table and the "
                    + "goals, and writes the results as JSON."})
public final class PipelineBenchCommand implements Callable<Integer> {

    static final String ROUTER = "validate and route";
    private static final String DATABASE = "overlaywatch_bench";
    private static final String BULK = "bulk";
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SUMMARIES_TIMEOUT = Duration.ofSeconds(120);
    /** The topics the measured samples go to (the job's defaults), and those of the warm-up. */
    private static final Topics MEASURED = new Topics(KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC,
            KafkaSinkConfig.DEFAULT_STEPS_TOPIC, KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC);
    private static final Topics WARM_UP = new Topics("bench-warmup.samples", "bench-warmup.steps",
            "bench-warmup.counters");
    /** Half the producer's memory buffer (see {@link #producerConfig}). */
    private static final int FLUSH_EVERY = 100_000;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "5000000", order = 1,
            description = "Samples to produce and read (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "2", order = 2,
            description = "Concurrent runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "25", order = 3,
            description = "Steps per run, one after another (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--pods", paramLabel = "N", defaultValue = "10", order = 4,
            description = "Client pods per step (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "10", order = 5,
            description = "Parallel streams per pod (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "1000000", order = 6,
            description = {"Samples that (1) and (2) each read first, from topics of their own and unmeasured, so"
                + " that both are measured with their hot paths compiled, as in a job that has been running"
                + " (default: ${DEFAULT-VALUE}; 0 measures both cold)."})
    long warmUp;

    @Option(names = "--latency-steps", paramLabel = "N", defaultValue = "8", order = 7,
            description = "Steps of the paced latency run (default: ${DEFAULT-VALUE}).")
    int latencySteps;

    @Option(names = "--step-window", paramLabel = "SECONDS", defaultValue = "3", order = 8,
            description = "Length of a step of the latency run; the goal is p99 <= this + 2 s (default: ${DEFAULT-VALUE}).")
    int stepWindow;

    @Option(names = "--set", paramLabel = "KEY=VALUE", order = 9,
            description = "A job setting (as in 'job --set') over the one-machine defaults, e.g. influx.batch-size=1000.")
    Map<String, String> jobSettings = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "work/bench/pipeline.json", order = 10,
            description = "Where to write the results (default: ${DEFAULT-VALUE}).")
    Path json;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "work/bench/pipeline", order = 11,
            description = "Broker and InfluxDB data, emptied first (default: ${DEFAULT-VALUE}).")
    Path workDir;

    /** The three topics the job reads. */
    private record Topics(String samples, String steps, String counters) {
    }

    /** Everything a run measured; written as JSON. */
    public record Result(String date, Machine machine, long samples, long warmUpSamples, int runs, int steps, int pods,
                         int streams,
                         double producedPerSecond, double limitPerSecond, double limitCpuSeconds, Machine limitMachine,
                         double jobPerSecond, double jobSecondHalfPerSecond, Machine jobMachine, double ratio,
                         double jobJvmCpuSeconds, double jobInfluxdCpuSeconds, Map<String, Double> jobCpuSecondsByThread,
                         int summaries, long summarisedSamples, int stepWindowSeconds, Percentiles latencyMs,
                         Machine latencyMachine, long peakHeapMiB, String collectors, Map<String, String> jobSettings,
                         List<Goal> goals) {
    }

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.err;
        try {
            JobConfig.load(null, jobSettings); // a bad --set stops here, before minutes of producing
        } catch (JobConfig.InvalidConfigException e) {
            log.println("bench pipeline: " + e.getMessage());
            return 2;
        }
        Machine start = Machine.now();
        SampleSpread spread = new SampleSpread(runs, steps, pods, streams, samples, BULK,
                // Event times in the past: the latency run that follows uses the present and must not be late.
                System.currentTimeMillis() - Duration.ofDays(1).toMillis());
        log.printf("bench pipeline: %,d samples, %d runs x %d steps x %d pods x %d streams; %s%n",
                samples, runs, steps, pods, streams, start.describe());
        HeapPeak.reset();
        try (LocalKafka kafka = LocalPipeline.startKafka(workDir.resolve("kafka"));
             LocalInfluxDb influx = LocalInfluxDb.start(LocalPipeline.fresh(workDir.resolve("influxdb")));
             KafkaRecordSink sink = new KafkaRecordSink(producerConfig(kafka.bootstrapServers(), MEASURED))) {
            influx.createDatabase(DATABASE);
            InfluxQuery query = new InfluxQuery(influx.url(), DATABASE, null);
            if (warmUp > 0) {
                warmUp(kafka, influx, log);
            }

            double produced = produce(spread, sink, log);

            log.println("(1) plain consumer...");
            ProcessUsage limitBefore = ProcessUsage.of(ProcessHandle.current().pid());
            LimitConsumer.Result limit = LimitConsumer.read(kafka.bootstrapServers(),
                    MEASURED.samples(), samples, READ_TIMEOUT);
            Machine limitMachine = Machine.now();
            double limitCpu = ProcessUsage.of(ProcessHandle.current().pid()).cpuSeconds() - limitBefore.cpuSeconds();
            log.printf("  %,.0f samples/s, CPU %.1f s (%s)%n", limit.perSecond(), limitCpu, limitMachine.describe());

            log.println("(2) throughput job...");
            Map<String, String> settings = jobSettings(kafka, influx, MEASURED);
            long influxd = influxdPid();
            ProcessUsage jvmBefore = ProcessUsage.of(ProcessHandle.current().pid());
            ProcessUsage influxdBefore = ProcessUsage.of(influxd);
            ThreadCpu threadsBefore = ThreadCpu.now();
            JobClient job = startJob(settings);
            try {
                double[] rates = awaitRecords(samples + spread.markers(), log);
                double jobRate = rates[0];
                Machine jobMachine = Machine.now();
                // CPU of this JVM (job, broker) and of influxd while the job ran: on two cores they compete.
                double jvmCpu = ProcessUsage.of(ProcessHandle.current().pid()).cpuSeconds() - jvmBefore.cpuSeconds();
                double influxdCpu = ProcessUsage.of(influxd).cpuSeconds() - influxdBefore.cpuSeconds();
                Map<String, Double> jobThreads = ThreadCpu.now().since(threadsBefore, 10);
                long[] summarised = awaitSummaries(query, spread);
                log.printf("  %,.0f samples/s, %d step summaries of %,d samples in InfluxDB (%s)%n", jobRate,
                        summarised[0], summarised[1], jobMachine.describe());
                log.printf("  CPU while the job read: this JVM %.1f s, influxd %.1f s; by thread: %s%n", jvmCpu,
                        influxdCpu, jobThreads);

                log.println("(3) paced latency run...");
                List<Long> latencies = new PacedLatencyRun(sink, query, "latency", pods, streams, log)
                        .measure(latencySteps, stepWindow);
                Machine latencyMachine = Machine.now();
                Percentiles latency = Percentiles.of(latencies);
                Result result = new Result(start.date(), start, samples, warmUp, runs, steps, pods, streams, produced,
                        limit.perSecond(), limitCpu, limitMachine, jobRate, rates[1], jobMachine,
                        jobRate / limit.perSecond(), jvmCpu, influxdCpu, jobThreads, (int) summarised[0],
                        summarised[1], stepWindow, latency, latencyMachine, HeapPeak.mib(), collectors(), settings,
                        goals(limit.perSecond(), jobRate, latency));
                print(result, System.out);
                BenchJson.write(json, result);
                System.out.println("results written to " + json);
                return result.goals().stream().allMatch(Goal::met) ? 0 : 1;
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The influxd this JVM started (LocalInfluxDb runs it as a child process). */
    private static long influxdPid() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("influxd")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no influxd child process found"))
                .pid();
    }

    /**
     * Reads {@link #warmUp} samples of their own with the plain consumer and with a job that is then cancelled, so
     * that the JIT has compiled what both run before either is measured.
     */
    private void warmUp(LocalKafka kafka, LocalInfluxDb influx, PrintStream log) throws Exception {
        log.printf("warm-up: %,d samples for (1) and for (2), not measured...%n", warmUp);
        kafka.createTopics(2, WARM_UP.samples(), WARM_UP.steps(), WARM_UP.counters());
        SampleSpread spread = new SampleSpread(runs, steps, pods, streams, warmUp, "warmup",
                System.currentTimeMillis() - Duration.ofDays(2).toMillis());
        try (KafkaRecordSink sink = new KafkaRecordSink(producerConfig(kafka.bootstrapServers(), WARM_UP))) {
            produce(spread, sink, log);
        }
        LimitConsumer.read(kafka.bootstrapServers(), WARM_UP.samples(), warmUp, READ_TIMEOUT);
        Map<String, String> settings = jobSettings(kafka, influx, WARM_UP);
        // A job that has been running has checkpointed many times: a checkpoint a second here, so that the measured
        // job does not spend its first checkpoints compiling the code that writes its state.
        settings.put(JobOptions.CHECKPOINT_INTERVAL.key(), "1 s");
        JobClient job = startJob(settings);
        try {
            awaitRecords(warmUp + spread.markers(), log);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
            try {
                job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException cancelled) {
                // what a cancelled job ends with
            }
            // Its operators' counters go with its tasks; the measured job's must not be summed with them.
            Await.until("rid of the warm-up job's counters", Duration.ofSeconds(60),
                    () -> OperatorCounters.recordsIn(ROUTER) == 0);
        }
    }

    /** The job's settings for reading one set of topics, with a consumer group and a run of its own. */
    private Map<String, String> jobSettings(LocalKafka kafka, LocalInfluxDb influx, Topics topics) {
        Map<String, String> settings = LocalPipeline.jobSettings(kafka.bootstrapServers(), influx.url(), DATABASE,
                "bench-" + System.nanoTime(), workDir);
        // The job's own idleness and checkpoint interval, not the lab's shorter ones (there for quick demos and
        // restarts): the numbers are those of the job as it ships.
        settings.put(JobOptions.IDLENESS.key(), JobOptions.IDLENESS.defaultValue().toMillis() + " ms");
        settings.put(JobOptions.CHECKPOINT_INTERVAL.key(),
                JobOptions.CHECKPOINT_INTERVAL.defaultValue().toMillis() + " ms");
        settings.put(JobOptions.SAMPLES_TOPIC.key(), topics.samples());
        settings.put(JobOptions.STEPS_TOPIC.key(), topics.steps());
        settings.put(JobOptions.COUNTERS_TOPIC.key(), topics.counters());
        // The measurement: the job writing its summaries. Raw iperf_interval points would measure
        // influxd instead (about 11 us of its CPU per point); '--set influx.raw-samples=true' measures them too.
        settings.put(JobOptions.INFLUX_RAW_SAMPLES.key(), "false");
        settings.putAll(jobSettings);
        return settings;
    }

    private KafkaSinkConfig producerConfig(String bootstrapServers, Topics topics) {
        // Larger batches and a larger unacknowledged window than an agent needs: the benchmark produces millions of
        // samples from one thread, faster than the broker acknowledges, and would otherwise spill most to disk.
        return new KafkaSinkConfig(bootstrapServers, topics.samples(), topics.steps(), topics.counters(),
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "262144", ProducerConfig.BUFFER_MEMORY_CONFIG, "134217728"),
                200_000, workDir.resolve("spill"));
    }

    private double produce(SampleSpread spread, KafkaRecordSink sink, PrintStream log) {
        long samples = spread.samples();
        log.printf("producing %,d samples and %d step markers...%n", samples, spread.markers());
        long begin = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            for (int step = 0; step < steps; step++) {
                sink.send(spread.marker(run, step, false));
                sink.send(spread.marker(run, step, true));
            }
        }
        for (long i = 0; i < samples; i++) {
            sink.send(spread.sample(i));
            if ((i + 1) % FLUSH_EVERY == 0) {
                sink.flush(); // waits for the broker: faster than letting the sink spill to disk
            }
            if ((i + 1) % 1_000_000 == 0) {
                log.printf("  %,d%n", i + 1);
            }
        }
        sink.flush();
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (sink.failed() > 0) {
            throw new IllegalStateException(sink.failed() + " records could not be produced; see the log");
        }
        log.printf("  %,.0f samples/s produced%n", samples / seconds);
        return samples / seconds;
    }

    private static JobClient startJob(Map<String, String> settings) throws Exception {
        Configuration conf = JobConfig.load(null, settings);
        conf.set(ConfigOptions.key("metrics.reporter.bench.factory.class").stringType().noDefaultValue(),
                OperatorCounters.FACTORY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ThroughputJob.fromConfiguration(conf).build(env);
        return env.executeAsync(ThroughputJob.NAME);
    }

    /**
     * Records per second from the router's first record to its last, and over the second half alone (by then the
     * JIT has compiled the job's hot paths), read from its live numRecordsIn counters.
     */
    private static double[] awaitRecords(long expected, PrintStream log) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        long first = 0;
        long firstCount = 0;
        long half = 0;
        long halfCount = 0;
        long lastReport = System.nanoTime();
        while (true) {
            long count = OperatorCounters.recordsIn(ROUTER);
            long now = System.nanoTime();
            if (first == 0 && count > 0) {
                first = now;
                firstCount = count;
            }
            if (half == 0 && count >= expected / 2) {
                half = now;
                halfCount = count;
            }
            if (count >= expected) {
                return new double[] {(count - firstCount) / ((now - first) / 1e9),
                    (count - halfCount) / ((now - half) / 1e9)};
            }
            if (now > deadline) {
                throw new IllegalStateException("the job took in " + count + " of " + expected + " records within "
                        + READ_TIMEOUT.toMinutes() + " min (operators with counters: " + OperatorCounters.operators()
                        + ")");
            }
            if (now - lastReport > 5_000_000_000L) {
                log.printf("  %,d records in%n", count);
                lastReport = now;
            }
            Thread.sleep(10);
        }
    }

    /** Waits until every bulk step's summary is in InfluxDB; returns how many and the samples they counted. */
    private static long[] awaitSummaries(InfluxQuery query, SampleSpread spread) throws Exception {
        long deadline = System.nanoTime() + SUMMARIES_TIMEOUT.toNanos();
        String q = "SELECT count(\"samples\"), sum(\"samples\") FROM " + InfluxLines.STEP_SUMMARY
                + " WHERE \"run\" =~ /^" + BULK + "-r/";
        while (true) {
            List<Map<String, Object>> rows = query.rows(q);
            long count = rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
            long sum = rows.isEmpty() ? 0 : ((Number) rows.get(0).get("sum")).longValue();
            if (count >= spread.summaries()) {
                if (sum != spread.samples()) {
                    // Samples the job counted late: on an overloaded machine a starved partition can be taken for
                    // idle, and event time moves on without it. The result says so rather than hiding it.
                    System.err.printf("  WARNING: the step summaries count %,d samples, not %,d%n", sum,
                            spread.samples());
                }
                return new long[] {count, sum};
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " of " + spread.summaries() + " step summaries in InfluxDB"
                        + " after " + SUMMARIES_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private List<Goal> goals(double limit, double job, Percentiles latency) {
        return List.of(
                Goal.atLeast("job >= 50% of the plain consumer", job / limit * 100, 50, "%"),
                Goal.atLeast("job >= 200,000 samples/s", job, 200_000, "samples/s"),
                Goal.atMost("latency p99 <= step window + 2 s", latency.p99() / 1000, stepWindow + 2, "s"));
    }

    /** This JVM's collectors, which the job's speed depends on (jobs/src/main/jvm/job.jvm-options). */
    private static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }

    static void print(Result r, PrintStream out) {
        out.println();
        out.printf("bench pipeline, %s, %s%n", r.date(), r.machine().describe());
        out.printf("%,d samples: %d runs x %d steps x %d pods x %d streams (produced at %,.0f samples/s)%n",
                r.samples(), r.runs(), r.steps(), r.pods(), r.streams(), r.producedPerSecond());
        out.printf("job: %s=%s; warm-up: %,d samples read by (1) and by (2) first, unmeasured; GC: %s%n",
                JobOptions.INFLUX_RAW_SAMPLES.key(), r.jobSettings().get(JobOptions.INFLUX_RAW_SAMPLES.key()),
                r.warmUpSamples(), r.collectors());
        out.println();
        out.printf("| %-44s | %16s | %-22s |%n", "measurement", "result", "load avg (1/5/15 min)");
        out.printf("|%s|%s|%s|%n", "-".repeat(46), "-".repeat(18), "-".repeat(24));
        row(out, "(1) plain consumer, decode to model", String.format("%,.0f /s", r.limitPerSecond()), r.limitMachine());
        row(out, "(2) job, MiniCluster p=2, InfluxDB sink", String.format("%,.0f /s", r.jobPerSecond()), r.jobMachine());
        row(out, "(2) job, second half of the records only", String.format("%,.0f /s", r.jobSecondHalfPerSecond()),
                r.jobMachine());
        row(out, "(2) samples in the step summaries", String.format("%,d", r.summarisedSamples()), r.jobMachine());
        row(out, "ratio (2)/(1)", String.format("%.0f %%", r.ratio() * 100), r.jobMachine());
        row(out, "(1) CPU per sample (consumer, broker)", micros(r.limitCpuSeconds(), r.samples()), r.limitMachine());
        row(out, "(2) CPU per sample: JVM (job, broker)", micros(r.jobJvmCpuSeconds(), r.samples()), r.jobMachine());
        row(out, "(2) CPU per sample: influxd", micros(r.jobInfluxdCpuSeconds(), r.samples()), r.jobMachine());
        r.jobCpuSecondsByThread().forEach((thread, seconds) -> row(out, "    thread " + thread,
                micros(seconds, r.samples()), r.jobMachine()));
        row(out, "(3) latency p50, append to summary readable", String.format("%.2f s", r.latencyMs().p50() / 1000),
                r.latencyMachine());
        row(out, "(3) latency p99 (step window " + r.stepWindowSeconds() + " s)",
                String.format("%.2f s", r.latencyMs().p99() / 1000), r.latencyMachine());
        row(out, "peak heap (broker, job, consumer: one JVM)", r.peakHeapMiB() + " MiB", r.latencyMachine());
        out.println();
        Goal.print(r.goals(), out);
    }

    /** CPU time per sample: unlike samples/s, it hardly depends on what else the machine runs. */
    private static String micros(double cpuSeconds, long samples) {
        return String.format("%.1f us", cpuSeconds / samples * 1e6);
    }

    private static void row(PrintStream out, String name, String value, Machine m) {
        out.printf("| %-44s | %16s | %-22s |%n", name, value,
                String.format("%.2f %.2f %.2f", m.load1(), m.load5(), m.load15()));
    }
}
