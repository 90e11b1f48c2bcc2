package io.overlaywatch.jobs.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Alertmanager sink against a real HTTP server on the loopback interface. */
class AlertmanagerSinkTest {

    /** 2026-11-26T10:00:00Z. */
    private static final long T0 = 1_795_687_200_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Alert regression = new Alert(WireRecord.VERSION, T0, Alert.Type.REGRESSION, Alert.Status.FIRING,
            "policy/linear/tcp/policies=10000/pods=1", "r6", 16e9, 20e9, -20.04, 0.0004,
            "policy/linear/tcp/policies=10000/pods=1 in run r6 regressed: 16.0 Gbit/s per stream against 20.0");
    private final Alert lossOver = new Alert(WireRecord.VERSION, T0 + 61_500, Alert.Type.LOSS, Alert.Status.RESOLVED,
            "link node-a>node-b/hashed/udp", "live", 0.4, 0, 0, 0, "UDP loss back to 0.4%");

    /** A request Alertmanager received. */
    private record Received(String method, String path, String contentType, String authorization, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Status codes to answer with, in turn; 200 when empty. */
    private final Deque<Integer> answers = new ArrayDeque<>();
    private final TestProcessingTimeService time = new TestProcessingTimeService();
    private final SimpleCounter posted = new SimpleCounter();
    private final SimpleCounter retries = new SimpleCounter();

    @BeforeEach
    void startAlertmanager() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Integer status;
            synchronized (answers) {
                status = answers.poll();
            }
            byte[] answer = (status == null || status == 200 ? "" : "{\"code\":" + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopAlertmanager() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private AlertmanagerSinkWriter writer(int batchSize, int maxRetries, String generatorUrl, String token) {
        return writer(url(), batchSize, maxRetries, generatorUrl, token);
    }

    private AlertmanagerSinkWriter writer(String url, int batchSize, int maxRetries, String generatorUrl,
                                          String token) {
        return new AlertmanagerSinkWriter(new AlertmanagerSettings(url, batchSize, Duration.ofSeconds(1), maxRetries,
                Duration.ofMillis(10), Duration.ofSeconds(5), generatorUrl, token), time, posted, retries);
    }

    @Test
    void shouldPostABatchOfAlertsAsAlertmanagerV2Json() throws Exception {
        AlertmanagerSinkWriter writer = writer(2, 3, "http://grafana:3000/d/overlaywatch", "");

        writer.write(regression, null);
        assertThat(received).isEmpty();
        writer.write(lossOver, null);

        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/v2/alerts");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.authorization()).isNull();
            assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("""
                    [
                      {
                        "labels": {
                          "alertname": "OverlaywatchRegression",
                          "type": "regression",
                          "key": "policy/linear/tcp/policies=10000/pods=1",
                          "run": "r6",
                          "severity": "critical"
                        },
                        "annotations": {
                          "summary": "policy/linear/tcp/policies=10000/pods=1 in run r6 regressed: 16.0 Gbit/s per stream against 20.0",
                          "observed": "16000000000",
                          "baseline": "20000000000",
                          "change_pct": "-20.04",
                          "score": "0.000400000"
                        },
                        "startsAt": "2026-11-26T10:00:00Z",
                        "generatorURL": "http://grafana:3000/d/overlaywatch"
                      },
                      {
                        "labels": {
                          "alertname": "OverlaywatchLoss",
                          "type": "loss",
                          "key": "link node-a>node-b/hashed/udp",
                          "run": "live",
                          "severity": "warning"
                        },
                        "annotations": {
                          "summary": "UDP loss back to 0.4%",
                          "observed": "0.400000",
                          "baseline": "0",
                          "change_pct": "0.00",
                          "score": "0"
                        },
                        "startsAt": "2026-11-26T10:01:01.500Z",
                        "endsAt": "2026-11-26T10:01:01.500Z",
                        "generatorURL": "http://grafana:3000/d/overlaywatch"
                      }
                    ]
                    """));
        });
        assertThat(posted.getCount()).isEqualTo(2);
    }

    @Test
    void shouldPostWhatWaitedForTheFlushIntervalAndWhatIsBufferedAtACheckpoint() throws Exception {
        time.setCurrentTime(0);
        AlertmanagerSinkWriter writer = writer(100, 3, "", "s3cret");

        writer.write(regression, null);
        time.setCurrentTime(999);
        assertThat(received).isEmpty();
        time.setCurrentTime(1000);
        assertThat(received).hasSize(1);

        writer.write(lossOver, null);
        writer.flush(false);

        assertThat(received).hasSize(2);
        assertThat(JSON.readTree(received.get(1).body())).hasSize(1);
        assertThat(JSON.readTree(received.get(1).body()).get(0).has("generatorURL")).isFalse();
        assertThat(received).extracting(Received::authorization).containsOnly("Bearer s3cret");
        writer.flush(true);
        assertThat(received).hasSize(2);
    }

    @Test
    void shouldRetryServerErrorsWithBackoffUntilAlertmanagerAccepts() throws Exception {
        answers.addAll(List.of(503, 429, 200));
        AlertmanagerSinkWriter writer = writer(1, 3, "", "");

        writer.write(regression, null);

        assertThat(received).hasSize(3).extracting(Received::body).containsOnly(received.get(0).body());
        assertThat(retries.getCount()).isEqualTo(2);
        assertThat(posted.getCount()).isEqualTo(1);
    }

    @Test
    void shouldFailLoudlyWhenTheRetriesRunOut() {
        answers.addAll(List.of(503, 503, 503, 503));
        AlertmanagerSinkWriter writer = writer(1, 2, "", "");

        assertThatThrownBy(() -> writer.write(regression, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("giving up on 1 alerts for Alertmanager at " + url() + "api/v2/alerts after 2 retries")
                .hasMessageContaining("503");
        assertThat(received).hasSize(3);
        assertThat(posted.getCount()).isZero();
    }

    @Test
    void shouldFailAtOnceWhenAlertmanagerRejectsTheAlerts() {
        answers.add(400);
        AlertmanagerSinkWriter writer = writer(1, 5, "", "");

        assertThatThrownBy(() -> writer.write(regression, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rejected 1 alerts with 400");
        assertThat(received).hasSize(1);
        assertThat(retries.getCount()).isZero();
    }

    @Test
    void shouldRetryAndThenFailWhenAlertmanagerIsNotListening() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AlertmanagerSinkWriter writer = writer("http://127.0.0.1:" + closedPort, 1, 1, "", "");

        assertThatThrownBy(() -> writer.write(regression, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("after 1 retries: cannot reach it");
        assertThat(retries.getCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheTokenOutOfTheSettingsText() {
        AlertmanagerSettings settings = new AlertmanagerSettings("http://am:9093", 1, Duration.ofSeconds(1), 1,
                Duration.ofMillis(1), Duration.ofSeconds(1), "", "s3cret");

        assertThat(settings.toString()).doesNotContain("s3cret").contains("token=***");
        assertThatThrownBy(() -> AlertmanagerSettings.of("am:9093")).hasMessageContaining("http://");
    }
}
