package io.overlaywatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface that are free at the moment of asking. */
public final class FreePorts {

    /** The only address the embedded services listen on. */
    public static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {
    }

    /**
     * Returns a port that nothing listens on right now. Another process may still take it
     * before the caller binds it, so callers bind it soon after.
     */
    public static int next() {
        return next(1)[0];
    }

    /** Returns {@code count} distinct free ports (see {@link #next()}). */
    public static int[] next(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            // All stay bound until every port is chosen, so the kernel cannot hand one out twice.
            for (int i = 0; i < count; i++) {
                // Port 0: the kernel picks a random free port, which keeps parallel test JVMs apart.
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
            }
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + count + " free TCP ports on " + LOOPBACK, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a listening socket that accepted nothing does not fail in practice.
        }
    }
}
