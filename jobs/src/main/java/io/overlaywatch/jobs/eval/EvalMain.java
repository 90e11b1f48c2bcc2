package io.overlaywatch.jobs.eval;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code overlaywatch eval}: evaluations that print numbers; today the live change detector's. */
@Command(name = "eval", mixinStandardHelpOptions = true, version = "overlaywatch eval 0.1.0",
        description = "Evaluations of the job's detectors on labelled scenarios built from real samples.",
        subcommands = {DetectionCommand.class, CommandLine.HelpCommand.class})
public class EvalMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: detection");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalMain()).execute(args));
    }
}
