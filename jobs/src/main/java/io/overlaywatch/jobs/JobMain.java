package io.overlaywatch.jobs;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the throughput job: on a local MiniCluster when started with java, on the cluster when submitted with {@code flink run}. */
@Command(name = "job", mixinStandardHelpOptions = true, version = "overlaywatch job 0.1.0",
        description = {
            "Runs the overlaywatch throughput job: reads samples and step markers from Kafka, writes raw intervals, "
                    + "per-interval cumulative throughput and step summaries to InfluxDB, and rejected records to the "
                    + "dead-letter topic.",
            "",
            "Started with java it runs on a local MiniCluster. To run it on a Flink cluster, submit the same jar "
                    + "and give its TaskManagers the JVM options ./overlaywatch job runs it with (with them the job "
                    + "took in a fifth more samples a second than with G1, BENCHMARKS.md):",
            "  flink run -c io.overlaywatch.jobs.JobMain \\",
            "      jobs/target/overlaywatch-jobs.jar --config FILE",
            "  env.java.opts.taskmanager: -XX:+UseParallelGC",
            "",
            "Secrets never come from flags: the InfluxDB token from influx.token-file or the environment variable "
                    + JobOptions.INFLUX_TOKEN_ENV + ", the Kafka SASL password from kafka.sasl.password-file or "
                    + JobOptions.KAFKA_PASSWORD_ENV + ".",
            "",
            "Exit codes: 0 done, 2 bad configuration or no broker at start."})
public class JobMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "File of 'key: value' lines (see --print-options).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Sets one option; wins over the file.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--print-options", description = "Prints every option with its default and exits.")
    boolean printOptions;

    @Override
    public Integer call() throws Exception {
        if (printOptions) {
            for (ConfigOption<?> option : JobOptions.all()) {
                System.out.printf("%s: %s%n    %s%n", option.key(), option.defaultValue(),
                        new HtmlFormatter().format(option.description()));
            }
            return 0;
        }
        Configuration conf;
        try {
            conf = JobConfig.load(config, overrides);
            KafkaPreflight.check(conf);
        } catch (JobConfig.InvalidConfigException e) {
            spec.commandLine().getErr().println("overlaywatch job: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        ThroughputJob.fromConfiguration(conf).execute(StreamExecutionEnvironment.getExecutionEnvironment(conf));
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobMain()).execute(args));
    }
}
