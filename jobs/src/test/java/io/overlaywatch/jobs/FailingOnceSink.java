package io.overlaywatch.jobs;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** The job's InfluxDB sink that fails once, on the first line it gets after the test has armed it. */
final class FailingOnceSink implements Sink<String> {

    /** Shared with the MiniCluster, which runs in this JVM; the restarted job must not fail again. */
    static final AtomicBoolean ARMED = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private final Sink<String> delegate;

    FailingOnceSink(Sink<String> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<String> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context writeContext) throws IOException, InterruptedException {
                if (ARMED.get() && FAILED.compareAndSet(false, true)) {
                    throw new IOException("injected failure in the middle of the sweep");
                }
                writer.write(line, writeContext);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
