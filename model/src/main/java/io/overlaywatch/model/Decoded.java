package io.overlaywatch.model;

/**
 * The result of decoding one record: the record, or the reason it was rejected.
 *
 * @param record the valid record, null when rejected
 * @param reason why it was rejected, null when valid
 */
public record Decoded(WireRecord record, String reason) {

    static Decoded valid(WireRecord record) {
        return new Decoded(record, null);
    }

    static Decoded rejected(String reason) {
        return new Decoded(null, reason);
    }

    public boolean isValid() {
        return record != null;
    }
}
