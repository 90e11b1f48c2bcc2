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

/**
 * Jackson databind, for the records {@link RecordWriter} and {@link PlainRecordReader} leave to it. A class of its own so
 * that its classes load only when such a record comes: an agent, which writes samples, probe errors, step markers,
 * counters and step acks and reads step commands and cluster views, never loads databind (about 540 classes;
 * BENCHMARKS.md, agent).
 */
final class DatabindCodec {

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

    // One pass straight into the record, for the valid records PlainRecordReader does not take (markers, counters). It
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

    private DatabindCodec() {
    }

    /** The record as JSON, as databind writes it: {@code kind} first, then the record's components in order. */
    static byte[] encode(WireRecord record) throws JsonProcessingException {
        return MAPPER.writerFor(WireRecord.class).writeValueAsBytes(record);
    }

    /** Decodes and validates one record that is not a sample in the plain shape; never throws. */
    static Decoded decode(byte[] bytes) {
        try {
            WireRecord record = FAST.readValue(bytes, WireRecord.class);
            if (record != null && record.v() == WireRecord.VERSION) {
                return WireCodec.validated(record);
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
        return WireCodec.validated(record);
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
