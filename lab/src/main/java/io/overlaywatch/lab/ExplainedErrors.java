package io.overlaywatch.lab;

import io.overlaywatch.lab.net.LabPreflightException;
import picocli.CommandLine;

/**
 * How the lab's and the benchmarks' commands end on an error the user can mend: what the lab lacks (root, programs,
 * kernel features) or a bad combination of options. Its message on one line and exit code 2; anything else shows
 * where it failed.
 */
public final class ExplainedErrors implements CommandLine.IExecutionExceptionHandler {

    public static final int EXIT_CODE = 2;

    private ExplainedErrors() {
    }

    /** The command line of {@code command} with this handling. */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler(new ExplainedErrors());
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (e instanceof LabPreflightException || e instanceof IllegalArgumentException) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return EXIT_CODE;
        }
        throw e;
    }
}
