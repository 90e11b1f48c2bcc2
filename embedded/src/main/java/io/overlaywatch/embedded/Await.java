package io.overlaywatch.embedded;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes: how fault tests wait for a pipeline, never by sleeping. */
public final class Await {

    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /**
     * Returns once {@code condition} is true; throws an {@link AssertionError} naming {@code what} when it
     * is still false after {@code timeout}. An exception from the condition counts as false (a server may
     * be starting) and is reported if it was the last answer.
     */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("still not " + what + " after " + timeout.toSeconds() + " s");
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
