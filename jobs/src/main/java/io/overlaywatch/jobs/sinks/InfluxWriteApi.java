package io.overlaywatch.jobs.sinks;

import java.io.IOException;
import java.util.List;

/** One InfluxDB write API generation: writes a batch of line-protocol lines with millisecond timestamps. */
interface InfluxWriteApi extends AutoCloseable {

    /**
     * Writes the lines in one request.
     *
     * @throws RetryableWriteException when the server or the network failed and a retry may succeed
     * @throws IOException             when the server rejected the data: retrying would not help
     */
    void write(List<String> lines) throws IOException;

    @Override
    void close();

    /** A write that failed for a reason that may pass: server error, refused or broken connection. */
    class RetryableWriteException extends IOException {
        RetryableWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Opens the API the settings select. */
    static InfluxWriteApi open(InfluxSettings settings) {
        return switch (settings.api()) {
            case V1 -> new InfluxV1WriteApi(settings);
            case V2 -> new InfluxV2WriteApi(settings);
        };
    }
}
