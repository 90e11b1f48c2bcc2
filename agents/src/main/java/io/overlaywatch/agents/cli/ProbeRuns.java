package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Waits for a probe started from the command line; Ctrl-C or SIGTERM stops iperf3 and still delivers what was measured. */
final class ProbeRuns {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRuns.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private ProbeRuns() {
    }

    static ProbeResult await(RunningProbe running, RecordSink sink, AutoCloseable onShutdown) throws InterruptedException {
        Thread hook = new Thread(() -> {
            running.stop();
            try {
                running.await(SHUTDOWN_WAIT);
                if (onShutdown != null) {
                    onShutdown.close();
                }
                sink.flush();
            } catch (Exception e) {
                // The main thread may have closed the sink already; what it flushed is delivered.
                LOG.warn("while stopping {}: {}", running.probe().describe(), e.toString());
            }
        }, "agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return running.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook does the rest.
            }
        }
    }

    /** 0 when iperf3 measured and every record reached Kafka, else 1 (also when records still wait in the spill file). */
    static int exitCode(ProbeResult result, KafkaRecordSink sink) {
        if (deliveredExitCode(sink) != 0) {
            return ErrorHandlers.EXIT_FAILED;
        }
        return result.ok() || (result.stopped() && result.errors().isEmpty())
                ? 0 : ErrorHandlers.EXIT_FAILED;
    }

    /**
     * 0 when every record reached Kafka, else 1, also when records still wait in the spill file: how an agent that
     * runs until stopped ends.
     */
    static int deliveredExitCode(KafkaRecordSink sink) {
        sink.flush();
        if (sink.failed() > 0 || sink.pending() > 0) {
            LOG.error("{} records could not be delivered to Kafka, {} are still waiting for it", sink.failed(),
                    sink.pending());
            return ErrorHandlers.EXIT_FAILED;
        }
        return 0;
    }
}
