package io.overlaywatch.lab.bench;

import io.overlaywatch.lab.ExplainedErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code overlaywatch bench}: benchmarks that print numbers and write them as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "overlaywatch 0.1.0",
        subcommands = {PipelineBenchCommand.class, AgentBenchCommand.class},
        description = "Benchmarks that print numbers: 'pipeline' (job against a plain consumer), 'agent' (root).")
public final class BenchMain implements Runnable {

    static {
        // As in LabMain: Kafka's broker kit ships a log4j2.yaml that log4j would prefer to ours.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "overlaywatch-lab-log4j2.xml");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: pipeline or agent");
    }

    public static void main(String[] args) {
        // The benchmarks' option checks throw IllegalArgumentException.
        System.exit(ExplainedErrors.commandLine(new BenchMain(), IllegalArgumentException.class).execute(args));
    }
}
