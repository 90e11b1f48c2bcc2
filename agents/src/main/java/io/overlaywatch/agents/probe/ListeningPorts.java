package io.overlaywatch.agents.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Tells from /proc/net whether a TCP port is listening, without connecting (a connect would use up an {@code iperf3 -s -1}). */
public final class ListeningPorts {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    public static boolean isListening(int port) {
        for (Path table : TABLES) {
            try {
                if (listensIn(Files.readString(table), port)) {
                    return true;
                }
            } catch (IOException e) {
                // No /proc (not Linux) or no IPv6: the other table or the banner line decides.
            }
        }
        return false;
    }

    /** Whether the text of a /proc/net/tcp or tcp6 table (e.g. read inside another namespace) has the port listening. */
    public static boolean listensIn(String table, int port) {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[1].endsWith(suffix) && LISTEN.equals(fields[3])) {
                return true;
            }
        }
        return false;
    }
}
