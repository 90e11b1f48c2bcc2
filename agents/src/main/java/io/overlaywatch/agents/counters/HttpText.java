package io.overlaywatch.agents.counters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** A metrics page fetched with one HttpClient per source. */
final class HttpText implements TextSource {

    // Without it, newer exporters may answer OpenMetrics or protobuf.
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";
    private static final int BODY_PREVIEW = 200;

    private final URI uri;
    private final Duration timeout;
    private final HttpClient client;

    HttpText(URI uri, Duration timeout) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.timeout = CommandText.requirePositive(timeout);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("metrics address " + uri + " is not http or https");
        }
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String read() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(BODY_PREVIEW, body.length())));
        }
        return response.body();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
