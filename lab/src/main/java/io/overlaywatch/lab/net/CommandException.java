package io.overlaywatch.lab.net;

import java.util.List;

/** A command of the lab failed: its message names the command line, how it ended and its stderr. */
public class CommandException extends RuntimeException {

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    CommandException(List<String> command, int exitCode, String stderr, String message) {
        super(message);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    CommandException(List<String> command, String message, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
        this.exitCode = -1;
        this.stderr = "";
    }

    /** The command line that failed. */
    public List<String> command() {
        return command;
    }

    /** Its exit code; -1 when it did not start or timed out. */
    public int exitCode() {
        return exitCode;
    }

    /** What it printed on stderr. */
    public String stderr() {
        return stderr;
    }
}
