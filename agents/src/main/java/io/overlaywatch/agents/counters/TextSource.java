package io.overlaywatch.agents.counters;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where a counter source's text comes from: a file read directly, a command's output (e.g.
 * {@code ip netns exec NS cat /proc/net/dev} for a lab namespace) or a metrics endpoint. Tests pass a lambda.
 */
@FunctionalInterface
public interface TextSource {

    /** The whole current text; throws with a message that says what could not be read. */
    String read() throws Exception;

    /** Reads a file, e.g. {@code /proc/net/dev}; fails here, naming the file, when it cannot be read. */
    static TextSource file(Path path) {
        return new FileText(path);
    }

    /**
     * Runs a command and returns what it prints on stdout; a non-zero exit, or no exit within the timeout, fails
     * the read with the command and its stderr. Fails here, naming it, when the executable is not found.
     */
    static TextSource command(List<String> command, Duration timeout) {
        return new CommandText(command, timeout);
    }

    /** GETs a Prometheus metrics page, asking for the text format; a status other than 200 fails the read. */
    static TextSource http(URI uri, Duration timeout) {
        return new HttpText(uri, timeout);
    }
}
