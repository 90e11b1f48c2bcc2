package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.counters.CounterCollector;
import io.overlaywatch.agents.counters.CounterSource;
import io.overlaywatch.agents.counters.CounterSources;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code counters}: a node's counters (interfaces, TCP and UDP errors, felix and cilium metrics) to the counters topic. */
@Command(name = "counters", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Reads a node's counters every period into the counters topic.",
            "/proc/net/dev (bytes, packets, drops, errors per interface), /proc/net/snmp",
            "and /proc/net/netstat (TCP RetransSegs, UDP InErrors and RcvbufErrors, ...),",
            "and with --felix or --cilium the CNI agent's Prometheus metrics (rules,",
            "policies, drops, policy apply times). A source that fails is logged and",
            "retried; the others go on. Runs until stopped (Ctrl-C, SIGTERM), or reads",
            "once with --once."})
public final class CountersCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CountersCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ReadingOptions reading;

    @Option(names = "--period", paramLabel = "SECONDS", defaultValue = "10", order = 3,
            description = "Time between readings (default: ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--proc-net", paramLabel = "DIR", defaultValue = "/proc/net", order = 4,
            description = "Where dev, snmp and netstat are; a pod on the host network sees the node's "
                    + "(default: ${DEFAULT-VALUE}).")
    Path procNet;

    @Option(names = "--felix", paramLabel = "URL", arity = "0..1", fallbackValue = "http://127.0.0.1:9091/metrics",
            order = 5, description = "Also read Calico felix's metrics (with the option alone: ${FALLBACK-VALUE}).")
    URI felix;

    @Option(names = "--cilium", paramLabel = "URL", arity = "0..1", fallbackValue = "http://127.0.0.1:9962/metrics",
            order = 6, description = "Also read cilium-agent's metrics (with the option alone: ${FALLBACK-VALUE}).")
    URI cilium;

    @Option(names = "--once", order = 7,
            description = "Read every source once, deliver and exit; exit 1 when a source could not be read.")
    boolean once;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        if (period < 1) {
            throw fail("--period", "must be at least 1 second, was " + period);
        }
        String run = reading.run();
        String nodeName = reading.node();
        List<CounterSource> sources = sources();
        KafkaSinkConfig sinkConfig = kafka.sinkConfig();
        try (KafkaRecordSink sink = kafka.openSink(sinkConfig);
             CounterCollector collector = new CounterCollector(run, nodeName, sources, sink)) {
            kafka.requireTopics(sink, sinkConfig.countersTopic());
            if (once) {
                collector.collectOnce();
                CounterCollector.Stats stats = collector.stats();
                stats.lastFailure().forEach((source, why) -> spec.commandLine().getErr().println(source + ": " + why));
                return ProbeRuns.deliveredExitCode(sink) == 0 && stats.lastFailure().isEmpty()
                        ? 0 : ErrorHandlers.EXIT_FAILED;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            collector.start(Duration.ofSeconds(period));
            UntilStopped.run(stopped::countDown, () -> {
                stopped.await();
                collector.close();
            }, sink);
            LOG.info("counters ended: {}", collector.stats());
            return ProbeRuns.deliveredExitCode(sink);
        }
    }

    private List<CounterSource> sources() {
        List<CounterSource> sources = new ArrayList<>();
        try {
            sources.addAll(CounterSources.proc(procNet));
        } catch (IllegalArgumentException e) {
            throw fail("--proc-net", e.getMessage());
        }
        if (felix != null) {
            sources.add(CounterSources.felix(felix, CounterSources.DEFAULT_TIMEOUT));
        }
        if (cilium != null) {
            sources.add(CounterSources.cilium(cilium, CounterSources.DEFAULT_TIMEOUT));
        }
        return sources;
    }

    private ParameterException fail(String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
