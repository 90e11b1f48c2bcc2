package io.overlaywatch.jobs.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs InfluxQL over InfluxDB's HTTP {@code /query} endpoint (1.x, and 2.x/3.x through DBRP) and flattens the series into rows. */
public final class InfluxQuery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String database;
    private final String token;

    /**
     * @param url      base URL, e.g. http://127.0.0.1:8086
     * @param database database (or DBRP-mapped bucket)
     * @param token    token for servers that need one, empty for none
     */
    public InfluxQuery(String url, String database, String token) {
        this.url = url.replaceAll("/+$", "");
        this.database = database;
        this.token = token == null ? "" : token;
    }

    /**
     * Runs one statement; each row maps column names (and the series' tags, for GROUP BY) to values.
     * Times are epoch milliseconds.
     */
    public List<Map<String, Object>> rows(String influxql) throws IOException {
        URI uri = URI.create(url + "/query?epoch=ms&db=" + encode(database) + "&q=" + encode(influxql));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (!token.isEmpty()) {
            request.header("Authorization", "Token " + token);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("InfluxDB at " + url + " answered " + response.statusCode() + " to '" + influxql
                    + "': " + response.body());
        }
        JsonNode result = JSON.readTree(response.body()).path("results").path(0);
        if (result.has("error")) {
            throw new IOException("InfluxQL error for '" + influxql + "': " + result.get("error").asText());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode series : result.path("series")) {
            JsonNode columns = series.path("columns");
            for (JsonNode values : series.path("values")) {
                Map<String, Object> row = new LinkedHashMap<>();
                series.path("tags").fields().forEachRemaining(tag -> row.put(tag.getKey(), tag.getValue().asText()));
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i).asText(), value(values.get(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A value as an InfluxQL string literal: {@code 'it\'s'}; safe to put any name into a WHERE clause. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A name as a quoted InfluxQL identifier: {@code "policies"}; also quotes keywords. */
    public static String identifier(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        } else if (node.isIntegralNumber()) {
            return node.asLong();
        } else if (node.isNumber()) {
            return node.asDouble();
        } else if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
