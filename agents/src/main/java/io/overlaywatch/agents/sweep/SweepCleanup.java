package io.overlaywatch.agents.sweep;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes what a run created and gives the Deployments back their replicas, exactly once: at the end, on failure or
 * from the Ctrl-C hook, whichever comes first.
 */
final class SweepCleanup implements AutoCloseable {

    private final PolicySet policies;
    private final Workloads workloads;
    private final PrintStream log;
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread hook = new Thread(this::close, "overlaywatch-sweep-cleanup");

    SweepCleanup(PolicySet policies, Workloads workloads, PrintStream log) {
        this.policies = policies;
        this.workloads = workloads;
        this.log = log;
    }

    /** Cleans up on Ctrl-C or SIGTERM too. */
    SweepCleanup onShutdown() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    @Override
    public void close() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // Shutting down already, or never registered: the hook finds the work done.
            }
        }
        RuntimeException first = null;
        try {
            policies.deleteAll();
        } catch (RuntimeException e) {
            first = e;
        }
        try {
            workloads.restore();
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        if (first != null) {
            log.println("cleanup incomplete: " + first.getMessage());
            throw first;
        }
        log.println("cleaned up: the run's policies deleted, Deployments scaled back");
    }
}
