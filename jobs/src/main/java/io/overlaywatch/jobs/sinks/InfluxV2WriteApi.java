package io.overlaywatch.jobs.sinks;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;

import java.io.IOException;
import java.util.List;

/** The v2 write API ({@code /api/v2/write}) through influxdb-client-java: InfluxDB 2.x, 3.x, 1.8+ and compatible servers. */
final class InfluxV2WriteApi implements InfluxWriteApi {

    private final InfluxDBClient client;
    private final String where;

    InfluxV2WriteApi(InfluxSettings settings) {
        this.client = InfluxDBClientFactory.create(settings.url(), settings.token().toCharArray(),
                settings.org(), settings.bucket());
        this.where = settings.url() + " (org " + settings.org() + ", bucket " + settings.bucket() + ")";
    }

    @Override
    public void write(List<String> lines) throws IOException {
        try {
            client.getWriteApiBlocking().writeRecords(WritePrecision.MS, lines);
        } catch (InfluxException e) {
            int status = e.status();
            // Status 0: no HTTP answer at all (refused, reset, timed out).
            if (status == 0 || status >= 500 || status == 429) {
                throw new RetryableWriteException("InfluxDB at " + where + " failed (" + status + "): "
                        + e.getMessage(), e);
            }
            throw new IOException("InfluxDB at " + where + " rejected " + lines.size() + " points with "
                    + status + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
