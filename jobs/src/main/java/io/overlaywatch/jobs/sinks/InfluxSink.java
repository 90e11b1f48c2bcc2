package io.overlaywatch.jobs.sinks;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes line-protocol lines to InfluxDB in batches. Every checkpoint flushes the buffer, so a
 * restart replays only what was not written; replayed points overwrite themselves (same series and time).
 */
public class InfluxSink implements Sink<String> {

    private final InfluxSettings settings;

    public InfluxSink(InfluxSettings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        return new InfluxSinkWriter(settings, InfluxWriteApi.open(settings),
                context.getProcessingTimeService(),
                context.metricGroup().counter("influxPointsWritten"),
                context.metricGroup().counter("influxWriteRetries"));
    }
}
