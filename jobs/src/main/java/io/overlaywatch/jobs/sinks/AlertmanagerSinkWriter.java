package io.overlaywatch.jobs.sinks;

import io.overlaywatch.model.Alert;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers alerts and posts them when a batch is full, when the flush interval has passed since the first
 * buffered alert, and at every checkpoint. A refused connection, a 5xx or a 429 is retried with exponential
 * backoff, blocking (which backpressures the job); when the retries run out, or Alertmanager rejects the
 * alerts (4xx: retrying would not help), it throws, which fails the job loudly instead of losing alerts.
 */
class AlertmanagerSinkWriter implements SinkWriter<Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSinkWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final AlertmanagerSettings settings;
    private final URI uri;
    private final HttpClient http;
    private final ProcessingTimeService time;
    private final Counter posted;
    private final Counter retries;
    private final List<Alert> buffer = new ArrayList<>();
    private boolean flushScheduled;

    AlertmanagerSinkWriter(AlertmanagerSettings settings, ProcessingTimeService time, Counter posted,
                           Counter retries) {
        this.settings = settings;
        this.uri = URI.create(settings.url().replaceAll("/+$", "") + "/api/v2/alerts");
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.time = time;
        this.posted = posted;
        this.retries = retries;
    }

    @Override
    public void write(Alert alert, Context context) throws IOException, InterruptedException {
        buffer.add(alert);
        if (buffer.size() >= settings.batchSize()) {
            post();
        } else if (!flushScheduled) {
            // Bounds how long an alert waits for its batch: alerts are few, and late alerts are worth less.
            flushScheduled = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), now -> {
                flushScheduled = false;
                post();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        post();
    }

    private void post() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] body = AlertmanagerPayload.json(buffer, settings.generatorUrl());
        Duration backoff = settings.retryBackoff();
        for (int attempt = 0; ; attempt++) {
            String failure = send(body);
            if (failure == null) {
                posted.inc(buffer.size());
                buffer.clear();
                return;
            }
            if (attempt >= settings.maxRetries()) {
                throw new IOException("giving up on " + buffer.size() + " alerts for Alertmanager at " + uri
                        + " after " + attempt + " retries: " + failure);
            }
            retries.inc();
            LOG.warn("Posting {} alerts to Alertmanager failed, retry {} of {} in {} ms: {}", buffer.size(),
                    attempt + 1, settings.maxRetries(), backoff.toMillis(), failure);
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Posts once: null when accepted, the reason when a retry may succeed; throws when retrying cannot help. */
    private String send(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.token().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return "cannot reach it: " + e;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return null;
        }
        if (status >= 500 || status == 429) {
            return "it answered " + status + ": " + response.body();
        }
        throw new IOException("Alertmanager at " + uri + " rejected " + buffer.size() + " alerts with " + status
                + ": " + response.body());
    }

    @Override
    public void close() {
        // java.net.http.HttpClient holds no resources that need closing on Java 17.
    }
}
