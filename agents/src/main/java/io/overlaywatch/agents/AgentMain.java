package io.overlaywatch.agents;

import io.overlaywatch.agents.cli.AgentVersion;
import io.overlaywatch.agents.cli.ClientCommand;
import io.overlaywatch.agents.cli.CountersCommand;
import io.overlaywatch.agents.cli.ErrorHandlers;
import io.overlaywatch.agents.cli.ObserveCommand;
import io.overlaywatch.agents.cli.ParseCommand;
import io.overlaywatch.agents.cli.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** The probe agent's command line: {@code client}, {@code server}, {@code counters}, {@code observe} and {@code parse}. */
@Command(name = "overlaywatch-agent", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = "Runs iperf3 and produces every interval to Kafka as it is printed: one test, tests on a live "
                + "schedule, or the sweep driver's step commands; in a pod (--kubernetes) samples carry the "
                + "NetworkPolicy and pod counts that observe, the one watcher of a namespace, sends. Reads a node's "
                + "counters, or parses saved iperf3 output.",
        subcommands = {ClientCommand.class, ServerCommand.class, CountersCommand.class, ObserveCommand.class,
            ParseCommand.class},
        footer = {"", "Exit codes: 0 measured, 1 the probe failed, 2 bad options or configuration."})
public final class AgentMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: client, server, counters, observe or parse");
    }

    /** The command line with the agent's error handling, for embedding and tests. */
    public static CommandLine commandLine() {
        ErrorHandlers handlers = new ErrorHandlers();
        return new CommandLine(new AgentMain())
                .setParameterExceptionHandler(handlers)
                .setExecutionExceptionHandler(handlers)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Runs one command with the given streams; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        int code = commandLine().setOut(outWriter).setErr(errWriter).execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }
}
