package io.overlaywatch.jobs;

import io.overlaywatch.model.Scenario;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every setting of the throughput job, with its default; a config file may set only these keys. */
public final class JobOptions {

    /** Which InfluxDB write API to use. */
    public enum InfluxApi { V1, V2 }

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("kafka.bootstrap-servers")
            .stringType().defaultValue("127.0.0.1:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> SAMPLES_TOPIC = ConfigOptions.key("kafka.topic.samples")
            .stringType().defaultValue("overlaywatch.samples").withDescription("Topic of samples and probe errors.");
    public static final ConfigOption<String> STEPS_TOPIC = ConfigOptions.key("kafka.topic.steps")
            .stringType().defaultValue("overlaywatch.steps").withDescription("Topic of the sweep driver's step markers.");
    public static final ConfigOption<String> COUNTERS_TOPIC = ConfigOptions.key("kafka.topic.counters")
            .stringType().defaultValue("overlaywatch.counters").withDescription("Topic of node and CNI counter readings.");
    public static final ConfigOption<String> DEADLETTER_TOPIC = ConfigOptions.key("kafka.topic.deadletter")
            .stringType().defaultValue("overlaywatch.deadletter").withDescription("Topic that receives rejected records with the reason.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("kafka.group-id")
            .stringType().defaultValue("overlaywatch-throughput").withDescription("Consumer group of the job.");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the offsets that are latest when the job starts (replay), instead of running on.");

    public static final ConfigOption<Duration> KAFKA_STARTUP_TIMEOUT = ConfigOptions.key("kafka.startup-timeout")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How long the job waits at start for a broker to answer before it stops with an error.");
    public static final ConfigOption<String> SECURITY_PROTOCOL = ConfigOptions.key("kafka.security.protocol")
            .stringType().defaultValue("PLAINTEXT")
            .withDescription("PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");
    public static final ConfigOption<String> SASL_MECHANISM = ConfigOptions.key("kafka.sasl.mechanism")
            .stringType().defaultValue("SCRAM-SHA-512")
            .withDescription("With SASL: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN.");
    public static final ConfigOption<String> SASL_USERNAME = ConfigOptions.key("kafka.sasl.username")
            .stringType().defaultValue("").withDescription("With SASL: the user name.");
    public static final ConfigOption<String> SASL_PASSWORD_FILE = ConfigOptions.key("kafka.sasl.password-file")
            .stringType().defaultValue("")
            .withDescription("With SASL: a file holding the password (e.g. a mounted secret); when empty the password"
                    + " comes from " + JobOptions.KAFKA_PASSWORD_ENV + ". Never a value in this file or on the command line.");
    public static final ConfigOption<String> SSL_TRUSTSTORE = ConfigOptions.key("kafka.ssl.truststore.location")
            .stringType().defaultValue("")
            .withDescription("With SSL: the trust store (JKS or PKCS12) of the brokers' CA; empty for the JVM's."
                    + " Its password, if any, comes from OVERLAYWATCH_KAFKA_TRUSTSTORE_PASSWORD.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("watermark.out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How late a sample may arrive behind the newest one of its partition.");
    public static final ConfigOption<Duration> IDLENESS = ConfigOptions.key("watermark.idleness")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("After this long without records a partition stops holding back event time.");
    public static final ConfigOption<Duration> STEP_GAP = ConfigOptions.key("step.gap")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A step without an end marker closes when no sample came for this long (event time).");

    public static final ConfigOption<Duration> STEP_WARM_UP = ConfigOptions.key("step.warm-up")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Intervals that start earlier than this after their test started are left out of the step"
                    + " statistics (like iperf3 -O, applied by the job).");
    public static final ConfigOption<Integer> STEP_EXACT_LIMIT = ConfigOptions.key("step.exact-limit")
            .intType().defaultValue(100_000)
            .withDescription("Per-stream samples of one step and side kept exactly for quantiles; beyond it a t-digest"
                    + " keeps memory bounded.");

    public static final ConfigOption<String> ALERTS_TOPIC = ConfigOptions.key("kafka.topic.alerts")
            .stringType().defaultValue("overlaywatch.alerts").withDescription("Topic the alerts are written to.");
    public static final ConfigOption<String> ALERTMANAGER_URL = ConfigOptions.key("alertmanager.url")
            .stringType().defaultValue("")
            .withDescription("Prometheus Alertmanager base URL that alerts are also posted to (v2 API); empty for none."
                    + " A bearer token comes from OVERLAYWATCH_ALERTMANAGER_TOKEN.");

    public static final ConfigOption<Duration> RUN_GAP = ConfigOptions.key("analysis.run-gap")
            .durationType().defaultValue(Duration.ofSeconds(60))
            .withDescription("Quiet event time, beyond the longest step, after which a run counts as complete and a"
                    + " run's repetitions of a step are judged.");
    public static final ConfigOption<Double> DEGRADATION_THRESHOLD = ConfigOptions.key("analysis.degradation-threshold")
            .doubleType().defaultValue(20.0)
            .withDescription("Loss in % against the first step of a sweep above which a degradation alert fires.");
    public static final ConfigOption<Double> COST_EFFECT = ConfigOptions.key("analysis.cost-effect")
            .doubleType().defaultValue(20.0)
            .withDescription("Fall in % across the policy range that the fitted cost model must show, even at its"
                    + " interval's shallow end, to call a datapath linear-cost.");
    public static final ConfigOption<Duration> COUNTER_SETTLE = ConfigOptions.key("analysis.counters.settle")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How long after a step's last sample a counter reading still counts as read after the step.");
    public static final ConfigOption<Duration> COUNTER_HORIZON = ConfigOptions.key("analysis.counters.horizon")
            .durationType().defaultValue(Duration.ofMinutes(15))
            .withDescription("How long counter readings are kept per counter; must exceed the longest step.");
    public static final ConfigOption<Integer> COUNTER_TOP = ConfigOptions.key("analysis.counters.top")
            .intType().defaultValue(3).withDescription("Counters that moved most, named per step and in alerts.");
    public static final ConfigOption<Integer> BASELINE_RUNS = ConfigOptions.key("regression.baseline-runs")
            .intType().defaultValue(5).withDescription("Good runs of a step kept as its baseline.");
    public static final ConfigOption<Integer> MIN_BASELINE_RUNS = ConfigOptions.key("regression.min-baseline-runs")
            .intType().defaultValue(3).withDescription("Runs a step needs in its baseline before it is judged (at least 2).");
    public static final ConfigOption<Double> MAX_P_VALUE = ConfigOptions.key("regression.max-p-value")
            .doubleType().defaultValue(0.01)
            .withDescription("One-sided p-value (Welch's t against the baseline runs) below which a drop is significant.");
    public static final ConfigOption<Double> MIN_CHANGE = ConfigOptions.key("regression.min-change")
            .doubleType().defaultValue(5.0)
            .withDescription("Drop in % a regression must also reach, so that noise alone does not alert.");
    public static final ConfigOption<Double> MIN_SPREAD = ConfigOptions.key("regression.min-spread")
            .doubleType().defaultValue(2.0)
            .withDescription("Least run-to-run standard deviation assumed, in % of the baseline mean.");
    public static final ConfigOption<Duration> REGRESSION_TTL = ConfigOptions.key("regression.ttl")
            .durationType().defaultValue(Duration.ofDays(30)).withDescription("How long a run stays in a baseline.");

    public static final ConfigOption<List<Scenario>> LIVE_SCENARIOS = ConfigOptions.key("live.scenarios")
            .enumType(Scenario.class).asList().defaultValues(Scenario.LIVE)
            .withDescription("Scenarios whose samples the change and loss detectors watch (sweeps change throughput on"
                    + " purpose); values separated by ';'.");
    public static final ConfigOption<Duration> LIVE_WINDOW = ConfigOptions.key("live.window")
            .durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Tumbling event-time window of a link's throughput.");
    public static final ConfigOption<Integer> LIVE_BASELINE_WINDOWS = ConfigOptions.key("live.change.baseline-windows")
            .intType().defaultValue(60)
            .withDescription("Normal windows in a link's median/MAD baseline; a link is judged once it has this many.");
    public static final ConfigOption<Double> LIVE_MIN_DROP = ConfigOptions.key("live.change.min-drop")
            .doubleType().defaultValue(10.0).withDescription("Smallest drop worth a change alert, % of the baseline.");
    public static final ConfigOption<Integer> LIVE_CHANGE_WINDOWS = ConfigOptions.key("live.change.windows")
            .intType().defaultValue(2)
            .withDescription("Consecutive windows a drop must last to fire, and a recovery to resolve.");
    public static final ConfigOption<Double> LIVE_CUSUM_K = ConfigOptions.key("live.change.cusum-k")
            .doubleType().defaultValue(1.0).withDescription("CUSUM allowance, in robust sigmas.");
    public static final ConfigOption<Double> LIVE_CUSUM_H = ConfigOptions.key("live.change.cusum-h")
            .doubleType().defaultValue(3.5).withDescription("CUSUM threshold, in robust sigmas.");
    public static final ConfigOption<Double> LIVE_SIGMA_FLOOR = ConfigOptions.key("live.change.sigma-floor")
            .doubleType().defaultValue(1.0).withDescription("Floor of the robust sigma, % of the median.");
    public static final ConfigOption<Integer> LIVE_MIN_INTERVALS = ConfigOptions.key("live.change.min-intervals")
            .intType().defaultValue(5).withDescription("Windows with fewer intervals are not judged.");
    public static final ConfigOption<Duration> LIVE_IDLE = ConfigOptions.key("live.idle-timeout")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("A link without windows this long is forgotten; an open episode is resolved.");
    public static final ConfigOption<Integer> STALL_INTERVALS = ConfigOptions.key("live.stall.intervals")
            .intType().defaultValue(3).withDescription("Consecutive zero-throughput intervals that make a stall.");
    public static final ConfigOption<Duration> STALL_IDLE = ConfigOptions.key("live.stall.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A stream without samples this long is over and forgotten.");
    public static final ConfigOption<Double> LOSS_THRESHOLD = ConfigOptions.key("live.loss.threshold")
            .doubleType().defaultValue(5.0).withDescription("UDP loss above this % of datagrams in a window fires a loss alert.");
    public static final ConfigOption<Integer> LOSS_CLEAR_WINDOWS = ConfigOptions.key("live.loss.clear-windows")
            .intType().defaultValue(2).withDescription("Windows at or below the loss threshold that resolve it.");

    public static final ConfigOption<InfluxApi> INFLUX_API = ConfigOptions.key("influx.api")
            .enumType(InfluxApi.class).defaultValue(InfluxApi.V1)
            .withDescription("v1: the /write endpoint of InfluxDB 1.x; v2: /api/v2/write of InfluxDB 2.x, 3.x or 1.8+.");
    public static final ConfigOption<String> INFLUX_URL = ConfigOptions.key("influx.url")
            .stringType().defaultValue("http://127.0.0.1:8086").withDescription("InfluxDB base URL.");
    public static final ConfigOption<String> INFLUX_DATABASE = ConfigOptions.key("influx.database")
            .stringType().defaultValue("overlaywatch").withDescription("v1: the database.");
    public static final ConfigOption<String> INFLUX_RETENTION_POLICY = ConfigOptions.key("influx.retention-policy")
            .stringType().defaultValue("").withDescription("v1: the retention policy; empty for the database's default.");
    public static final ConfigOption<String> INFLUX_ORG = ConfigOptions.key("influx.org")
            .stringType().defaultValue("overlaywatch").withDescription("v2: the organisation.");
    public static final ConfigOption<String> INFLUX_BUCKET = ConfigOptions.key("influx.bucket")
            .stringType().defaultValue("overlaywatch").withDescription("v2: the bucket.");
    public static final ConfigOption<Boolean> INFLUX_RAW_SAMPLES = ConfigOptions.key("influx.raw-samples")
            .booleanType().defaultValue(true)
            .withDescription("Write every sample as an iperf_interval point (the dashboards' per-stream panels, the"
                    + " report's stream table). Summaries, alerts and detection do not need them; at hundreds of"
                    + " thousands of samples a second they are most of the job's and InfluxDB's work.");
    public static final ConfigOption<Integer> INFLUX_BATCH_SIZE = ConfigOptions.key("influx.batch-size")
            // InfluxDB advises 5,000 points a request; bench pipeline saw less influxd CPU per sample than with 1,000.
            .intType().defaultValue(5000).withDescription("Points per write request; a checkpoint writes what is buffered.");
    public static final ConfigOption<Duration> INFLUX_FLUSH_INTERVAL = ConfigOptions.key("influx.flush-interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest time a point waits for its batch to fill before it is written.");
    public static final ConfigOption<Integer> INFLUX_MAX_RETRIES = ConfigOptions.key("influx.max-retries")
            .intType().defaultValue(8).withDescription("Retries of one failed write before the job fails loudly.");
    public static final ConfigOption<Duration> INFLUX_RETRY_BACKOFF = ConfigOptions.key("influx.retry-backoff")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("First retry delay; it doubles with each retry, up to 30 s.");

    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("checkpoint.dir")
            .stringType().defaultValue("")
            .withDescription("Where checkpoints are written (a path or URI, e.g. file:///var/lib/overlaywatch/checkpoints);"
                    + " empty leaves it to the Flink cluster's configuration, which without one keeps checkpoints in"
                    + " the JobManager's memory, limited to 5 MB of state per task.");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint.interval")
            .durationType().defaultValue(Duration.ofSeconds(10)).withDescription("How often state is checkpointed.");
    public static final ConfigOption<Boolean> CHECKPOINT_UNALIGNED = ConfigOptions.key("checkpoint.unaligned")
            .booleanType().defaultValue(true)
            .withDescription("Checkpoint barriers overtake the records queued between operators, so that a"
                    + " checkpoint does not stall a job catching up on a backlog (false: aligned checkpoints).");

    public static final ConfigOption<String> INFLUX_TOKEN_FILE = ConfigOptions.key("influx.token-file")
            .stringType().defaultValue("")
            .withDescription("A file holding the InfluxDB token (e.g. a mounted secret); when empty the token comes from"
                    + " OVERLAYWATCH_INFLUX_TOKEN. Never a value in this file or on the command line.");

    /** The InfluxDB token is a secret: it comes from this environment variable or {@link #INFLUX_TOKEN_FILE}. */
    public static final String INFLUX_TOKEN_ENV = "OVERLAYWATCH_INFLUX_TOKEN";
    /** The Kafka SASL password: this environment variable or {@link #SASL_PASSWORD_FILE}. */
    public static final String KAFKA_PASSWORD_ENV = "OVERLAYWATCH_KAFKA_PASSWORD";
    /** The password of {@link #SSL_TRUSTSTORE}, when it has one. */
    public static final String TRUSTSTORE_PASSWORD_ENV = "OVERLAYWATCH_KAFKA_TRUSTSTORE_PASSWORD";

    private JobOptions() {
    }

    /** All options declared above, for validating config files and printing help. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : JobOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return options;
    }
}
