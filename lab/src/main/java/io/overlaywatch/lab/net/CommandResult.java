package io.overlaywatch.lab.net;

import java.util.List;

/** How one command ended: exit code, stdout, stderr and how long it took. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, long millis) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
