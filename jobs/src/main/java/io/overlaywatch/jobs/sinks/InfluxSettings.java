package io.overlaywatch.jobs.sinks;

import io.overlaywatch.jobs.JobOptions;
import io.overlaywatch.jobs.Secrets;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.Function;

/**
 * Where and how the sink writes.
 *
 * @param api             v1 {@code /write} or v2 {@code /api/v2/write}
 * @param url             base URL
 * @param database        v1 database
 * @param retentionPolicy v1 retention policy, empty for the default
 * @param org             v2 organisation
 * @param bucket          v2 bucket
 * @param token           secret from a file or the environment, empty when the server needs none; never logged
 * @param batchSize       points per request
 * @param flushInterval   longest time a point waits in the buffer
 * @param maxRetries      retries of one request before failing the job
 * @param retryBackoff    first retry delay, doubled with each retry
 */
public record InfluxSettings(JobOptions.InfluxApi api, String url, String database, String retentionPolicy,
                             String org, String bucket, String token, int batchSize, Duration flushInterval, int maxRetries,
                             Duration retryBackoff) implements Serializable {

    /**
     * Reads the settings from the job configuration and the token from {@link JobOptions#INFLUX_TOKEN_FILE} or
     * {@link JobOptions#INFLUX_TOKEN_ENV}.
     */
    public static InfluxSettings from(Configuration conf) {
        return from(conf, System::getenv);
    }

    /** The same with another environment, for tests. */
    public static InfluxSettings from(Configuration conf, Function<String, String> env) {
        String token = Secrets.read(conf, JobOptions.INFLUX_TOKEN_FILE, JobOptions.INFLUX_TOKEN_ENV, env);
        return new InfluxSettings(conf.get(JobOptions.INFLUX_API), conf.get(JobOptions.INFLUX_URL),
                conf.get(JobOptions.INFLUX_DATABASE), conf.get(JobOptions.INFLUX_RETENTION_POLICY),
                conf.get(JobOptions.INFLUX_ORG), conf.get(JobOptions.INFLUX_BUCKET), token,
                conf.get(JobOptions.INFLUX_BATCH_SIZE), conf.get(JobOptions.INFLUX_FLUSH_INTERVAL),
                conf.get(JobOptions.INFLUX_MAX_RETRIES),
                conf.get(JobOptions.INFLUX_RETRY_BACKOFF));
    }

    @Override
    public String toString() {
        // The token stays out of logs and exception messages.
        return "InfluxSettings[api=" + api + ", url=" + url + ", database=" + database + ", org=" + org
                + ", bucket=" + bucket + ", token=" + (token.isEmpty() ? "none" : "***") + "]";
    }
}
