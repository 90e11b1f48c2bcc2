package io.overlaywatch.jobs.sinks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The {@code /write} endpoint of InfluxDB 1.x, which Debian's InfluxDB 1.6 answers (it has no v2 API). */
final class InfluxV1WriteApi implements InfluxWriteApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final String token;

    InfluxV1WriteApi(InfluxSettings settings) {
        StringBuilder query = new StringBuilder("precision=ms&db=").append(encode(settings.database()));
        if (!settings.retentionPolicy().isEmpty()) {
            query.append("&rp=").append(encode(settings.retentionPolicy()));
        }
        this.uri = URI.create(settings.url().replaceAll("/+$", "") + "/write?" + query);
        this.token = settings.token();
    }

    @Override
    public void write(List<String> lines) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)));
        if (!token.isEmpty()) {
            request.header("Authorization", "Token " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetryableWriteException("cannot reach InfluxDB at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to " + uri, e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new RetryableWriteException("InfluxDB at " + uri + " answered " + status + ": " + response.body(), null);
        }
        if (status / 100 != 2) {
            throw new IOException("InfluxDB at " + uri + " rejected " + lines.size() + " points with " + status
                    + ": " + response.body());
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient holds no resources that need closing on Java 17.
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
