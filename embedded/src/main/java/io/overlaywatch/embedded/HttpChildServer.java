package io.overlaywatch.embedded;

/** What the child-process servers share: one {@link ChildService} reached over HTTP on loopback. */
abstract class HttpChildServer implements AutoCloseable {

    // Replaced when a server is restarted on the same files (fault tests).
    volatile ChildService child;

    HttpChildServer(ChildService child) {
        this.child = child;
    }

    /** {@code http://127.0.0.1:<port>}, the base of the server's HTTP API. */
    public String url() {
        return child.baseUri().toString();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s); its files stay in the data folder. */
    @Override
    public void close() {
        child.close();
    }

    @Override
    public String toString() {
        return child.toString();
    }
}
