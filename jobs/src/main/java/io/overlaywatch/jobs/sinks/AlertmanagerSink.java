package io.overlaywatch.jobs.sinks;

import io.overlaywatch.model.Alert;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Posts alerts to a Prometheus Alertmanager ({@code POST /api/v2/alerts}), in batches, retried with backoff.
 * Every checkpoint flushes the buffer, so a restart posts again only what was not posted; Alertmanager
 * de-duplicates alerts by their labels, so a repeated post is harmless.
 */
public class AlertmanagerSink implements Sink<Alert> {

    private final AlertmanagerSettings settings;

    public AlertmanagerSink(AlertmanagerSettings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return new AlertmanagerSinkWriter(settings, context.getProcessingTimeService(),
                context.metricGroup().counter("alertmanagerAlertsPosted"),
                context.metricGroup().counter("alertmanagerRetries"));
    }
}
