package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.sink.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an agent that goes on until it is stopped (live probing, control mode, a repeating server, counters):
 * Ctrl-C or SIGTERM (a pod's end) calls {@code stop} and holds the JVM until the body has ended and the sink has
 * delivered what it was given.
 */
final class UntilStopped {

    private static final Logger LOG = LoggerFactory.getLogger(UntilStopped.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    /** The body of a long-running agent. */
    interface Body {
        void run() throws Exception;
    }

    private UntilStopped() {
    }

    static void run(Runnable stop, Body body, RecordSink sink) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                if (!done.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("did not stop within {} s", SHUTDOWN_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            body.run();
        } finally {
            sink.flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook waits for the latch counted down above.
            }
        }
    }
}
