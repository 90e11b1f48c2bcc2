package io.overlaywatch.embedded;

/** Closes a service when the JVM exits (Ctrl-C of the demo), unless it was closed before. */
final class ShutdownHook {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    static ShutdownHook register(String name, AutoCloseable service) {
        Thread thread = new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                // Logging frameworks may already be shut down at this point.
                System.err.println("closing " + name + " at JVM exit failed: " + e);
            }
        }, "close-" + name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    /** Forgets the hook after a normal close, so that closed services are not kept reachable. */
    void unregister() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException jvmAlreadyExiting) {
            // The hook is running or about to; close() is idempotent, so nothing to do.
        }
    }
}
