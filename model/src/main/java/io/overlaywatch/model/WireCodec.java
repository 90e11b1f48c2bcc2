package io.overlaywatch.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Encodes records as JSON and decodes them strictly: a record either decodes valid or carries the reason it did not. */
public final class WireCodec {

    private static final int PREVIEW_CHARS = 200;

    // Strict on purpose: an unknown field, a missing field or a null number is a reason for the dead-letter topic.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    // One pass straight into the record, for the valid records SampleReader does not take (markers, counters). It
    // accepts only a subset of what the strict path accepts (no duplicate keys, no integer from a string), so that
    // whatever it accepts the strict path would decode to the same record; anything else goes the strict path.
    // Its double parser (Jackson's FastDoubleParser) gives the same, correctly rounded values as Double.parseDouble.
    private static final ObjectMapper FAST = MAPPER.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);

    static {
        FAST.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private WireCodec() {
    }

    /** The record as one line of JSON. */
    public static byte[] encode(WireRecord record) {
        try {
            return MAPPER.writerFor(WireRecord.class).writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
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
        Sample sample = SampleReader.read(bytes);
        if (sample != null && sample.v() == WireRecord.VERSION) {
            return validated(sample);
        }
        try {
            WireRecord record = FAST.readValue(bytes, WireRecord.class);
            if (record != null && record.v() == WireRecord.VERSION) {
                return validated(record);
            }
        } catch (IOException | IllegalArgumentException e) {
            // The strict path below says what is wrong.
        }
        return decodeStrictly(bytes);
    }

    /** Reads the tree first, so that a missing or unknown version is named before the record's shape is checked. */
    private static Decoded decodeStrictly(byte[] bytes) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            return Decoded.rejected("not JSON: " + firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            return Decoded.rejected("not a JSON object");
        }
        JsonNode v = tree.get("v");
        if (v == null || !v.canConvertToExactIntegral()) {
            return Decoded.rejected("schema version v is missing or not an integer");
        }
        if (v.asInt() != WireRecord.VERSION) {
            return Decoded.rejected("unknown schema version v=" + v.asText()
                    + " (this reader knows v=" + WireRecord.VERSION + ")");
        }
        WireRecord record;
        try {
            record = MAPPER.treeToValue(tree, WireRecord.class);
        } catch (InvalidTypeIdException e) {
            return Decoded.rejected("unknown or missing kind: " + e.getTypeId());
        } catch (UnrecognizedPropertyException e) {
            return Decoded.rejected("unknown field " + e.getPropertyName());
        } catch (MismatchedInputException e) {
            return Decoded.rejected("wrong shape at " + path(e) + ": " + firstLine(e));
        } catch (IOException | IllegalArgumentException e) {
            return Decoded.rejected("invalid record: " + firstLine(e));
        }
        return validated(record);
    }

    private static Decoded validated(WireRecord record) {
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

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        });
        return path.length() == 0 ? "top level" : path.toString();
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
