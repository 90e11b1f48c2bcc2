package io.overlaywatch.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads records straight off the JSON tokens, without databind: samples, the record nearly all traffic consists of,
 * and the step commands and cluster views an agent in a pod reads, so that such an agent never loads databind
 * (572 classes with its annotations; with the consumers' telemetry, 8 MiB of its RSS: BENCHMARKS.md, agent).
 * It takes only the plain shape {@link WireCodec#encode} writes ({@code kind} first, every field once, each value
 * of its own JSON type, no null but where a field may be null, nothing after the object) and returns null for
 * anything else, so that the strict path decides, and names the reason for, every record it does not take.
 */
final class PlainRecordReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    /**
     * The objects this reader knows: their fields in the order {@link WireCodec#encode} writes them, and which of
     * them may be null.
     */
    private enum Shape {
        // Only the measurements a side or a protocol alone reports may be null; a null anywhere else (a primitive,
        // the step, the side, a pod name) goes the strict path, which rejects it or names it as missing.
        SAMPLE(List.of(15, 16, 17, 18, 19, 20, 21, 22), "v", "time", "step", "side", "clientPod", "serverPod",
                "srcNode", "dstNode", "stream", "sum", "start", "end", "omitted", "bytes", "bitsPerSecond",
                "retransmits", "cwndBytes", "rttMicros", "jitterMs", "lost", "packets", "congestion", "affinity"),
        STEP(List.of(), "run", "scenario", "cni", "protocol", "index", "policies", "pods", "repetition"),
        COMMAND(List.of(), "v", "time", "step", "startAt", "durationSeconds", "omitSeconds", "streams",
                "udpBitrate", "clients", "servers"),
        VIEW(List.of(), "v", "time", "namespace", "cni", "policies", "readyClients", "pods"),
        MEMBER(List.of(1, 2), "name", "ip", "node", "selectingPolicies");

        private final String[] names;
        /** The same names as the parser matches them byte for byte. */
        private final SerializedString[] serialized;
        private final int nullable;

        Shape(List<Integer> nullable, String... names) {
            this.names = names;
            this.serialized = new SerializedString[names.length];
            for (int i = 0; i < names.length; i++) {
                this.serialized[i] = new SerializedString(names[i]);
            }
            this.nullable = nullable.stream().mapToInt(i -> 1 << i).sum();
        }

        boolean mayBeNull(int i) {
            return (nullable & (1 << i)) != 0;
        }
    }

    private static final Side[] SIDES = Side.values();
    private static final Scenario[] SCENARIOS = Scenario.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();
    private static final String[] SIDE_NAMES = wireNames(SIDES);
    private static final String[] SCENARIO_NAMES = wireNames(SCENARIOS);
    private static final String[] PROTOCOL_NAMES = wireNames(PROTOCOLS);

    /** A value of the wrong JSON type: the strict path decides what it means. */
    private static final Object WRONG = new Object();

    private PlainRecordReader() {
    }

    /** The record, or null when the bytes are not a sample, step command or cluster view in the plain shape. */
    static WireRecord read(byte[] bytes) {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                    || !"kind".equals(p.currentName()) || p.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String kind = p.getText();
            Shape shape = kind.equals("sample") ? Shape.SAMPLE : kind.equals("step_command") ? Shape.COMMAND
                    : kind.equals("cluster") ? Shape.VIEW : null;
            if (shape == null) {
                return null;
            }
            Object[] values = new Object[shape.names.length];
            if (!readFields(p, shape, values) || p.nextToken() != null) {
                return null; // not the plain shape, or trailing tokens
            }
            return switch (shape) {
                case SAMPLE -> sample(values);
                case COMMAND -> command(values);
                default -> view(values);
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Sample sample(Object[] v) {
        return new Sample((Integer) v[0], (Long) v[1], (StepKey) v[2], (Side) v[3], (String) v[4], (String) v[5],
                (String) v[6], (String) v[7], (String) v[8], (Boolean) v[9], (Double) v[10], (Double) v[11],
                (Boolean) v[12], (Long) v[13], (Double) v[14], (Long) v[15], (Long) v[16], (Long) v[17],
                (Double) v[18], (Long) v[19], (Long) v[20], (String) v[21], (String) v[22]);
    }

    @SuppressWarnings("unchecked")
    private static StepCommand command(Object[] v) {
        return new StepCommand((Integer) v[0], (Long) v[1], (StepKey) v[2], (Long) v[3], (Integer) v[4],
                (Integer) v[5], (Integer) v[6], (Long) v[7], (List<String>) v[8], (Map<String, String>) v[9]);
    }

    @SuppressWarnings("unchecked")
    private static ClusterView view(Object[] v) {
        return new ClusterView((Integer) v[0], (Long) v[1], (String) v[2], (String) v[3], (Integer) v[4],
                (Integer) v[5], (List<ClusterView.Member>) v[6]);
    }

    /**
     * Reads the fields up to the object's end; false unless each name came exactly once with a value of its type.
     * The name expected next is tried first: compared as bytes, it skips the parser's name lookup, which was the
     * largest part of decoding a sample; a field out of that order is still read, by its name.
     */
    private static boolean readFields(JsonParser p, Shape shape, Object[] values) throws IOException {
        String[] names = shape.names;
        int seen = 0;
        int expected = 0;
        while (true) {
            int i;
            if (expected < names.length && p.nextFieldName(shape.serialized[expected])) {
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
            Object value = p.currentToken() == JsonToken.VALUE_NULL ? null : value(shape, p, i);
            if (value == WRONG || (value == null && !shape.mayBeNull(i))) {
                return false;
            }
            values[i] = value;
        }
    }

    /**
     * Field i's value, read at its first token: WRONG when it is not of the field's JSON type. Tests of identity,
     * not a switch, keep the sample's path short enough for the JIT to inline (a switch cost 10% a sample).
     */
    private static Object value(Shape shape, JsonParser p, int i) throws IOException {
        if (shape == Shape.SAMPLE) {
            return sampleValue(p, i);
        }
        if (shape == Shape.STEP) {
            return stepValue(p, i);
        }
        if (shape == Shape.COMMAND) {
            return commandValue(p, i);
        }
        return shape == Shape.VIEW ? viewValue(p, i) : memberValue(p, i);
    }

    private static Object sampleValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 0 -> intValue(p);
            case 1, 13, 15, 16, 17, 19, 20 -> longValue(p);
            case 2 -> step(p);
            case 3 -> named(SIDES, SIDE_NAMES, p);
            case 4, 5, 6, 7, 8, 21, 22 -> text(p);
            case 9, 12 -> p.currentToken().isBoolean() ? (Object) p.getBooleanValue() : WRONG;
            default -> p.currentToken().isNumeric() ? (Object) p.getDoubleValue() : WRONG;
        };
    }

    private static Object stepValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 0, 2 -> text(p);
            case 1 -> named(SCENARIOS, SCENARIO_NAMES, p);
            case 3 -> named(PROTOCOLS, PROTOCOL_NAMES, p);
            default -> intValue(p);
        };
    }

    private static Object commandValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 1, 3, 7 -> longValue(p);
            case 2 -> step(p);
            case 8 -> texts(p);
            case 9 -> textMap(p);
            default -> intValue(p);
        };
    }

    private static Object viewValue(JsonParser p, int i) throws IOException {
        return switch (i) {
            case 1 -> longValue(p);
            case 2, 3 -> text(p);
            case 6 -> members(p);
            default -> intValue(p);
        };
    }

    private static Object memberValue(JsonParser p, int i) throws IOException {
        return i == 3 ? intValue(p) : text(p);
    }

    private static Object step(JsonParser p) throws IOException {
        Object[] v = new Object[Shape.STEP.names.length];
        if (p.currentToken() != JsonToken.START_OBJECT || !readFields(p, Shape.STEP, v)) {
            return WRONG;
        }
        return new StepKey((String) v[0], (Scenario) v[1], (String) v[2], (Protocol) v[3], (Integer) v[4],
                (Integer) v[5], (Integer) v[6], (Integer) v[7]);
    }

    /** An array of objects, each a pod of a cluster view. */
    private static Object members(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return WRONG;
        }
        List<ClusterView.Member> members = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            Object[] v = new Object[Shape.MEMBER.names.length];
            if (!readFields(p, Shape.MEMBER, v)) {
                return WRONG;
            }
            members.add(new ClusterView.Member((String) v[0], (String) v[1], (String) v[2], (Integer) v[3]));
        }
        return p.currentToken() == JsonToken.END_ARRAY ? members : WRONG;
    }

    /** An array of strings, none null. */
    private static Object texts(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return WRONG;
        }
        List<String> texts = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            texts.add(p.getText());
        }
        return p.currentToken() == JsonToken.END_ARRAY ? texts : WRONG;
    }

    /** An object of strings, each name once: the strict path names a duplicate, databind would keep the last. */
    private static Object textMap(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return WRONG;
        }
        Map<String, String> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING || map.put(name, p.getText()) != null) {
                return WRONG;
            }
        }
        return p.currentToken() == JsonToken.END_OBJECT ? map : WRONG;
    }

    private static Object text(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : WRONG;
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

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
