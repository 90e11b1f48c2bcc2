package io.overlaywatch.agents.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Bad input: one line naming the option and a hint, exit 2. A failure while running: one line, exit 1. */
public final class ErrorHandlers implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(firstLine(ex.getMessage())));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        LOG.debug("command failed", ex);
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + firstLine(String.valueOf(ex.getMessage())));
        err.flush();
        return EXIT_FAILED;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
