package io.overlaywatch.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts line protocol the way a sink would, so that the tests exercise the servers' real write endpoints. */
final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private TestHttp() {
    }

    /** POSTs {@code body} as text and returns the status code. */
    static int postText(String url, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The child process of this JVM whose command ends with {@code binaryName}. */
    static ProcessHandle child(String binaryName) {
        return ProcessHandle.current().children()
                .filter(child -> child.info().command().orElse("").endsWith("/" + binaryName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no child process " + binaryName));
    }
}
