package io.overlaywatch.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Encodes records as JSON and decodes them strictly: a record either decodes valid or carries the reason it did not. */
public final class WireCodec {

    private static final int PREVIEW_CHARS = 200;

    private WireCodec() {
    }

    /** The record as one line of JSON. */
    public static byte[] encode(WireRecord record) {
        try {
            byte[] bytes = RecordWriter.write(record);
            return bytes != null ? bytes : DatabindCodec.encode(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + record, e);
        }
    }

    /** The record as a JSON string, for printing. */
    public static String encodeToString(WireRecord record) {
        return new String(encode(record), StandardCharsets.UTF_8);
    }

    /** Decodes and validates one record; never throws. */
    public static Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Decoded.rejected("empty record");
        }
        String encoding = notUtf8(bytes);
        if (encoding != null) {
            return Decoded.rejected("not UTF-8: " + encoding);
        }
        WireRecord plain = PlainRecordReader.read(bytes);
        if (plain != null && plain.v() == WireRecord.VERSION) {
            return validated(plain);
        }
        return DatabindCodec.decode(bytes);
    }

    /** Valid, or rejected with every problem: the last step of each decoding path. */
    static Decoded validated(WireRecord record) {
        List<String> problems = record.problems();
        return problems.isEmpty() ? Decoded.valid(record) : Decoded.rejected(String.join("; ", problems));
    }

    /** A dead letter that keeps the rejected bytes whole, with the reason. */
    public static DeadLetter deadLetter(long time, String topic, int partition, long offset,
                                        byte[] value, String reason) {
        byte[] raw = value == null ? new byte[0] : value;
        String text = new String(raw, StandardCharsets.UTF_8);
        String preview = text.length() > PREVIEW_CHARS ? text.substring(0, PREVIEW_CHARS) : text;
        return new DeadLetter(WireRecord.VERSION, time, topic, partition, offset, reason,
                Base64.getEncoder().encodeToString(raw), preview);
    }

    /**
     * Jackson would silently read UTF-16 and UTF-32 (detected from a byte-order mark or zero bytes) and skip a
     * UTF-8 byte-order mark; the wire format is UTF-8 without one, so these are named instead. Invalid UTF-8
     * sequences Jackson rejects itself.
     */
    private static String notUtf8(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return "starts with a UTF-8 byte-order mark";
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
            return "starts with a UTF-16 or UTF-32 byte-order mark";
        }
        for (int i = 0; i < Math.min(4, bytes.length); i++) {
            if (bytes[i] == 0) {
                return "a zero byte among the first four (UTF-16 or UTF-32)";
            }
        }
        return null;
    }
}
