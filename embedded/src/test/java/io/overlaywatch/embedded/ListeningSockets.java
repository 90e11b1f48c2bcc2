package io.overlaywatch.embedded;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads from /proc which local addresses a process listens on (Linux only), to prove "loopback only". */
final class ListeningSockets {

    private static final String TCP_LISTEN = "0A";
    private static final String V4_MAPPED = "0000000000000000FFFF0000";

    private ListeningSockets() {
    }

    /** Local addresses ({@code 127.0.0.1:9092}, {@code 0.0.0.0:8088}, {@code [::]:80}) of the TCP sockets {@code pid} listens on. */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> rows = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String row : rows.subList(1, rows.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] cols = row.trim().split("\\s+");
                if (cols[3].equals(TCP_LISTEN) && inodes.contains(cols[9])) {
                    addresses.add(decode(cols[1]));
                }
            }
        }
        return addresses;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // File descriptors come and go while we read the directory.
                }
            }
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} is 127.0.0.1:8080; other IPv6 addresses keep their raw hex form, in brackets. */
    private static String decode(String hexAddress) {
        String[] parts = hexAddress.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            // IPv4 in /proc is a little-endian 32-bit word.
            long word = Long.parseLong(ip, 16);
            return (word & 0xff) + "." + (word >> 8 & 0xff) + "." + (word >> 16 & 0xff) + "." + (word >> 24 & 0xff) + ":" + port;
        }
        if (ip.startsWith(V4_MAPPED)) {
            // Java binds dual-stack sockets: 127.0.0.1 shows up as ::ffff:127.0.0.1 in tcp6.
            return decode(ip.substring(V4_MAPPED.length()) + ":" + parts[1]);
        }
        return "[" + ip + "]:" + port;
    }
}
