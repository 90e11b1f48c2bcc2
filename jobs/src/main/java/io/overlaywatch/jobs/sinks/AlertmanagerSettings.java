package io.overlaywatch.jobs.sinks;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how alerts are posted to a Prometheus Alertmanager.
 *
 * @param url            Alertmanager's base URL, e.g. {@code http://alertmanager:9093}; alerts go to {@code {url}/api/v2/alerts}
 * @param batchSize      alerts per request
 * @param flushInterval  longest time an alert waits in the buffer
 * @param maxRetries     retries of one request before failing the job
 * @param retryBackoff   first retry delay, doubled with each retry up to 30 s
 * @param requestTimeout time allowed for one request
 * @param generatorUrl   link sent as each alert's {@code generatorURL} (e.g. a Grafana dashboard); empty for none
 * @param token          bearer token from the environment ({@link #TOKEN_ENV}), empty when none; never logged
 */
public record AlertmanagerSettings(String url, int batchSize, Duration flushInterval, int maxRetries,
                                   Duration retryBackoff, Duration requestTimeout, String generatorUrl,
                                   String token) implements Serializable {

    /** A bearer token for an Alertmanager behind an authenticating proxy is a secret: it comes from here. */
    public static final String TOKEN_ENV = "OVERLAYWATCH_ALERTMANAGER_TOKEN";

    public AlertmanagerSettings {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("Alertmanager URL must start with http:// or https://, was " + url);
        }
        if (batchSize < 1 || maxRetries < 0) {
            throw new IllegalArgumentException("Alertmanager batch size must be at least 1 and retries at least 0,"
                    + " were " + batchSize + " and " + maxRetries);
        }
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
        token = token == null ? "" : token;
    }

    /** The defaults: 100 alerts a request, flushed within 1 s, 5 retries from 500 ms, 10 s per request. */
    public static AlertmanagerSettings of(String url) {
        String token = System.getenv(TOKEN_ENV);
        return new AlertmanagerSettings(url, 100, Duration.ofSeconds(1), 5, Duration.ofMillis(500),
                Duration.ofSeconds(10), "", token == null ? "" : token);
    }

    @Override
    public String toString() {
        // The token stays out of logs and exception messages.
        return "AlertmanagerSettings[url=" + url + ", batchSize=" + batchSize + ", maxRetries=" + maxRetries
                + ", token=" + (token.isEmpty() ? "none" : "***") + "]";
    }
}
