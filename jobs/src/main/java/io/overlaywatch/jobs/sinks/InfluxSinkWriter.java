package io.overlaywatch.jobs.sinks;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers lines and writes them in batches, when a batch is full or the flush interval has passed
 * since the first buffered line, retrying with exponential backoff. While it retries it
 * blocks, which backpressures the job; when the retries run out it throws, which fails the job
 * loudly instead of dropping points.
 */
class InfluxSinkWriter implements SinkWriter<String> {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final InfluxSettings settings;
    private final InfluxWriteApi api;
    private final Counter written;
    private final Counter retries;
    private final ProcessingTimeService time;
    private final List<String> buffer = new ArrayList<>();
    private boolean flushScheduled;

    InfluxSinkWriter(InfluxSettings settings, InfluxWriteApi api, ProcessingTimeService time, Counter written,
                     Counter retries) {
        this.settings = settings;
        this.api = api;
        this.time = time;
        this.written = written;
        this.retries = retries;
    }

    @Override
    public void write(String line, Context context) throws IOException, InterruptedException {
        buffer.add(line);
        if (buffer.size() >= settings.batchSize()) {
            writeBuffer();
        } else if (!flushScheduled) {
            // Bounds how long a point waits for its batch when few points come, e.g. a step's summary.
            flushScheduled = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), now -> {
                flushScheduled = false;
                writeBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        Duration backoff = settings.retryBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                api.write(buffer);
                written.inc(buffer.size());
                buffer.clear();
                return;
            } catch (InfluxWriteApi.RetryableWriteException e) {
                if (attempt >= settings.maxRetries()) {
                    throw new IOException("giving up on " + buffer.size() + " points after " + attempt
                            + " retries: " + e.getMessage(), e);
                }
                retries.inc();
                LOG.warn("InfluxDB write of {} points failed, retry {} of {} in {} ms: {}", buffer.size(),
                        attempt + 1, settings.maxRetries(), backoff.toMillis(), e.getMessage());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
