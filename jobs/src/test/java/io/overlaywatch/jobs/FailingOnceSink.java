package io.overlaywatch.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The job's InfluxDB sink, slowed down like a busy database, failing once: a while after its first checkpoint,
 * so that the checkpoint is complete and there is one to restart from, with the sweep still being written.
 */
final class FailingOnceSink implements Sink<String> {

    /** Shared by all attempts in this JVM (the MiniCluster's): the restarted job must not fail again. */
    static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final long MILLIS_PER_LINE = 5;
    /** Lines written after the first checkpoint before the failure: time for the checkpoint to complete. */
    private static final int LINES_AFTER_CHECKPOINT = 40;

    private final Sink<String> delegate;

    FailingOnceSink(Sink<String> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<String> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            private int checkpoints;
            private int linesSinceCheckpoint;

            @Override
            public void write(String line, Context writeContext) throws IOException, InterruptedException {
                Thread.sleep(MILLIS_PER_LINE);
                if (checkpoints >= 1 && ++linesSinceCheckpoint > LINES_AFTER_CHECKPOINT
                        && FAILED.compareAndSet(false, true)) {
                    throw new IOException("injected failure in the middle of the sweep");
                }
                writer.write(line, writeContext);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
                if (!endOfInput) {
                    checkpoints++;
                }
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
