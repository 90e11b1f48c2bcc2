package io.overlaywatch.lab;

import io.overlaywatch.lab.net.LabPreflightException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/**
 * How the lab's and the benchmarks' commands end on an error the user can mend, such as what the lab lacks (root,
 * programs, kernel features): its message on one line and exit code 2. Anything else shows where it failed.
 */
public final class ExplainedErrors implements CommandLine.IExecutionExceptionHandler {

    public static final int EXIT_CODE = 2;

    private final List<Class<? extends Exception>> explained;

    private ExplainedErrors(List<Class<? extends Exception>> explained) {
        this.explained = explained;
    }

    /** The command line of {@code command}, explaining what the lab lacks and the {@code alsoExplained} errors. */
    @SafeVarargs
    public static CommandLine commandLine(Object command, Class<? extends Exception>... alsoExplained) {
        List<Class<? extends Exception>> explained = new ArrayList<>(List.of(alsoExplained));
        explained.add(LabPreflightException.class);
        return new CommandLine(command).setExecutionExceptionHandler(new ExplainedErrors(List.copyOf(explained)));
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (explained.stream().anyMatch(type -> type.isInstance(e))) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return EXIT_CODE;
        }
        throw e;
    }
}
