package io.overlaywatch.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads a sample, the record nearly all traffic consists of, straight off the JSON tokens, without databind.
 * It takes only the plain shape {@link WireCodec#encode} writes ({@code kind} first, every field once, each value
 * of its own JSON type, nothing after the object) and returns null for anything else, so that the strict path
 * decides, and names the reason for, every record it does not take.
 */
final class SampleReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private static final String[] FIELDS = {"v", "time", "step", "side", "clientPod", "serverPod", "srcNode",
        "dstNode", "stream", "sum", "start", "end", "omitted", "bytes", "bitsPerSecond", "retransmits",
        "cwndBytes", "rttMicros", "jitterMs", "lost", "packets", "congestion", "affinity"};
    private static final String[] STEP_FIELDS = {"run", "scenario", "cni", "protocol", "index", "policies", "pods",
        "repetition"};

    /** The names as the parser matches them byte for byte, in the order {@link WireCodec#encode} writes them. */
    private static final SerializedString[] FIELD_NAMES = serialized(FIELDS);
    private static final SerializedString[] STEP_FIELD_NAMES = serialized(STEP_FIELDS);

    private static final Side[] SIDES = Side.values();
    private static final Scenario[] SCENARIOS = Scenario.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();
    private static final String[] SIDE_NAMES = wireNames(SIDES);
    private static final String[] SCENARIO_NAMES = wireNames(SCENARIOS);
    private static final String[] PROTOCOL_NAMES = wireNames(PROTOCOLS);

    /** A value of the wrong JSON type: the strict path decides what it means. */
    private static final Object WRONG = new Object();

    private SampleReader() {
    }

    /** The sample, or null when the bytes are not a sample in the plain shape. */
    static Sample read(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"kind".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING
                    || !"sample".equals(p.getText())) {
                return null;
            }
            Object[] values = new Object[FIELDS.length];
            if (!readFields(p, FIELDS, FIELD_NAMES, values, true)) {
                return null;
            }
            if (p.nextToken() != null) {
                return null; // trailing tokens
            }
            return new Sample((Integer) values[0], (Long) values[1], (StepKey) values[2], (Side) values[3],
                    (String) values[4], (String) values[5], (String) values[6], (String) values[7],
                    (String) values[8], (Boolean) values[9], (Double) values[10], (Double) values[11],
                    (Boolean) values[12], (Long) values[13], (Double) values[14], (Long) values[15],
                    (Long) values[16], (Long) values[17], (Double) values[18], (Long) values[19],
                    (Long) values[20], (String) values[21], (String) values[22]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads the fields up to the object's end; false unless each name came exactly once with a value of its type.
     * The name expected next is tried first: compared as bytes, it skips the parser's name lookup, which was the
     * largest part of decoding; a field out of that order is still read, by its name.
     */
    private static boolean readFields(JsonParser p, String[] names, SerializedString[] expectedNames, Object[] values,
                                      boolean sample) throws IOException {
        int seen = 0;
        int expected = 0;
        while (true) {
            int i;
            if (expected < names.length && p.nextFieldName(expectedNames[expected])) {
                i = expected;
            } else {
                if (expected == names.length) {
                    p.nextToken(); // nextFieldName moved the parser on in the other cases
                }
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    return p.currentToken() == JsonToken.END_OBJECT && seen == (1 << names.length) - 1;
                }
                i = indexOf(names, p.currentName());
            }
            if (i < 0 || (seen & (1 << i)) != 0) {
                return false;
            }
            seen |= 1 << i;
            expected = i + 1;
            p.nextToken();
            Object value = p.currentToken() == JsonToken.VALUE_NULL ? null
                    : sample ? sampleValue(p, i) : stepValue(p, i);
            if (value == WRONG || (value == null && !(sample && nullable(i)))) {
                return false;
            }
            values[i] = value;
        }
    }

    private static Object sampleValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 0 -> intValue(p);
            case 1, 13, 15, 16, 17, 19, 20 -> longValue(p);
            case 2 -> step(p);
            case 3 -> named(SIDES, SIDE_NAMES, p);
            case 4, 5, 6, 7, 8, 21, 22 -> p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : WRONG;
            case 9, 12 -> p.currentToken().isBoolean() ? (Object) p.getBooleanValue() : WRONG;
            default -> p.currentToken().isNumeric() ? (Object) p.getDoubleValue() : WRONG;
        };
    }

    private static Object stepValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 0, 2 -> p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : WRONG;
            case 1 -> named(SCENARIOS, SCENARIO_NAMES, p);
            case 3 -> named(PROTOCOLS, PROTOCOL_NAMES, p);
            default -> intValue(p);
        };
    }

    /**
     * The measurements only a side or a protocol reports may be null; a null anywhere else (a primitive, the
     * step, the side, a pod name) goes the strict path, which rejects it or names it as missing.
     */
    private static boolean nullable(int i) {
        return i >= 15;
    }

    private static Object step(JsonParser p) throws IOException {
        Object[] v = new Object[STEP_FIELDS.length];
        if (p.currentToken() != JsonToken.START_OBJECT || !readFields(p, STEP_FIELDS, STEP_FIELD_NAMES, v, false)) {
            return WRONG;
        }
        return new StepKey((String) v[0], (Scenario) v[1], (String) v[2], (Protocol) v[3], (Integer) v[4],
                (Integer) v[5], (Integer) v[6], (Integer) v[7]);
    }

    private static Object intValue(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                ? (Object) p.getIntValue() : WRONG;
    }

    private static Object longValue(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return WRONG;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG ? (Object) p.getLongValue()
                : WRONG;
    }

    /** The constant whose wire name is the string. */
    private static Object named(Enum<?>[] values, String[] names, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return WRONG;
        }
        int i = indexOf(names, p.getText());
        return i < 0 ? WRONG : values[i];
    }

    /** Lower-case constant names: what each constant's {@code @JsonProperty} says. */
    private static String[] wireNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            names[i] = values[i].name().toLowerCase(Locale.ROOT);
        }
        return names;
    }

    private static SerializedString[] serialized(String[] names) {
        SerializedString[] serialized = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            serialized[i] = new SerializedString(names[i]);
        }
        return serialized;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
