package io.overlaywatch.jobs.functions;

import java.util.Locale;

/**
 * The kind of problem a dead letter's reason names, for counting rejected records by reason. A reason that
 * lists several problems counts under the first category that matches, in the order declared here.
 */
public enum RejectCategory {
    EMPTY("empty record"),
    ENCODING("not UTF-8", "Invalid UTF-8", "Invalid UTF-16", "Invalid UTF-32", "Unexpected character ('\\u0000'"),
    NOT_FINITE("must be a finite number", "token 'NaN'", "token 'Infinity'", "token '-Infinity'", "token '+Infinity'"),
    NOT_JSON("not JSON", "not a JSON object"),
    SCHEMA_VERSION("schema version"),
    UNKNOWN_KIND("unknown or missing kind", "does not belong on an input topic"),
    UNKNOWN_FIELD("unknown field"),
    WRONG_TYPE("wrong shape", "invalid record"),
    FUTURE_TIME("is in the future"),
    TOO_LONG("is too long"),
    UNSAFE_NAME("holds a control character", "ends with a backslash"),
    NEGATIVE("must not be negative"),
    MISSING("is missing"),
    DUPLICATE("duplicate"),
    INVALID_VALUE();

    private final String[] markers;

    RejectCategory(String... markers) {
        this.markers = markers;
    }

    /** The category of a reason as WireCodec, the records' checks and the job write it. */
    public static RejectCategory of(String reason) {
        if (reason != null) {
            for (RejectCategory category : values()) {
                for (String marker : category.markers) {
                    if (reason.contains(marker)) {
                        return category;
                    }
                }
            }
        }
        return INVALID_VALUE;
    }

    /** The value of the {@code reason} metric group: {@code not_json}, {@code future_time}, ... */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
