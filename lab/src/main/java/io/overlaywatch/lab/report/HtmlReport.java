package io.overlaywatch.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page of a run: the figures inline (each also linked to its file beside the page), the
 * job's run summaries, the alerts and a table of the step summaries. Nothing is fetched when it is opened.
 */
public final class HtmlReport {

    public static final String FILE = "report.html";

    private static final List<String> STEP_TAGS = List.of("step", "scenario", "cni", "protocol", "policies", "pods",
            "repetition");
    private static final List<String> STEP_BPS = List.of("mean_bps", "median_bps", "p5_bps", "p95_bps", "ci95_bps",
            "cumulative_mean_bps");

    private HtmlReport() {
    }

    /**
     * @param figures the figure files with their captions, in the order shown
     * @param source  where the data came from, for the page's first line
     */
    public static Path write(Path dir, RunData data, Map<Path, String> figures, String source) throws IOException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>overlaywatch run ").append(escape(data.run())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}")
                .append("td.text{text-align:left}figure{display:inline-block;margin:0 1em 1em 0}")
                .append("img{max-width:100%;width:900px;border:1px solid #ddd}\n</style>\n</head>\n<body>\n")
                .append("<h1>overlaywatch run <code>").append(escape(data.run())).append("</code></h1>\n")
                .append("<p>").append(escape(source)).append(", ").append(Instant.now()).append(".</p>\n");

        html.append("<h2>Run summary</h2>\n");
        if (data.summaries().isEmpty()) {
            html.append("<p>The job has written no run summary for this run (a live run, or one still open).</p>\n");
        } else {
            html.append("<ul>\n");
            for (Map<String, Object> s : data.summaries()) {
                html.append("<li>").append(escape(String.valueOf(s.get("sentence")))).append("</li>\n");
            }
            html.append("</ul>\n");
        }

        html.append("<h2>Figures</h2>\n");
        for (Map.Entry<Path, String> figure : figures.entrySet()) {
            html.append(figure(dir, figure.getKey(), figure.getValue()));
        }

        html.append("<h2>Alerts</h2>\n");
        if (data.alerts().isEmpty()) {
            html.append("<p>No alerts.</p>\n");
        } else {
            html.append("<table>\n<tr><th>time</th><th>type</th><th>status</th><th>key</th><th>change</th>")
                    .append("<th>reason</th></tr>\n");
            for (Map<String, Object> a : data.alerts()) {
                html.append("<tr><td class=\"text\">").append(time(a)).append("</td>");
                for (String column : List.of("type", "status", "key")) {
                    html.append(cell(String.valueOf(a.get(column))));
                }
                html.append("<td>").append(number(a.get("change_pct"), "%.1f%%")).append("</td>")
                        .append(cell(String.valueOf(a.get("reason")))).append("</tr>\n");
            }
            html.append("</table>\n");
        }

        html.append("<h2>Step summaries</h2>\n");
        if (data.steps().isEmpty()) {
            html.append("<p>No step summaries.</p>\n");
        } else {
            html.append("<p>Per-stream throughput in Gbit/s on the side that counts (TCP sender, UDP receiver);")
                    .append(" ±95%: half-width of the 95% interval of the mean; cumulative: summed over the step's")
                    .append(" concurrent streams.</p>\n<table>\n<tr>");
            STEP_TAGS.forEach(t -> html.append("<th>").append(t).append("</th>"));
            html.append("<th>streams</th><th>samples</th><th>mean</th><th>median</th><th>p5</th><th>p95</th>")
                    .append("<th>±95%</th><th>cumulative</th></tr>\n");
            for (Map<String, Object> row : data.steps()) {
                html.append("<tr>");
                STEP_TAGS.forEach(t -> html.append(cell(String.valueOf(row.get(t)))));
                html.append("<td>").append(number(row.get("streams"), "%.0f")).append("</td>")
                        .append("<td>").append(number(row.get("samples"), "%.0f")).append("</td>");
                for (String column : STEP_BPS) {
                    Object bps = row.get(column);
                    html.append("<td>").append(bps instanceof Number n ? Format.gbps(n.doubleValue()) : "").append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        return Files.writeString(dir.resolve(FILE), html);
    }

    /** The image inline (SVG as markup, PNG as a data URI), linked to its file for a full-size view. */
    private static String figure(Path dir, Path file, String caption) throws IOException {
        String name = dir.relativize(file).toString();
        String image;
        if (name.endsWith(".svg")) {
            String svg = Files.readString(file);
            image = svg.substring(svg.indexOf("<svg"));
        } else {
            image = "<img src=\"data:" + ImageFormat.PNG.mediaType() + ";base64,"
                    + Base64.getEncoder().encodeToString(Files.readAllBytes(file)) + "\" alt=\"" + escape(caption) + "\">";
        }
        return "<figure>\n<a href=\"" + escape(name) + "\">" + image + "</a>\n<figcaption>" + escape(caption)
                + " (<a href=\"" + escape(name) + "\">" + escape(name) + "</a>)</figcaption>\n</figure>\n";
    }

    private static String cell(String text) {
        return "<td class=\"text\">" + escape(text) + "</td>";
    }

    private static String time(Map<String, Object> row) {
        return row.get("time") instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : "";
    }

    private static String number(Object value, String format) {
        return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
