package io.overlaywatch.jobs.badinput;

import io.overlaywatch.jobs.functions.RejectCategory;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireCodec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.overlaywatch.jobs.functions.RejectCategory.EMPTY;
import static io.overlaywatch.jobs.functions.RejectCategory.ENCODING;
import static io.overlaywatch.jobs.functions.RejectCategory.FUTURE_TIME;
import static io.overlaywatch.jobs.functions.RejectCategory.INVALID_VALUE;
import static io.overlaywatch.jobs.functions.RejectCategory.MISSING;
import static io.overlaywatch.jobs.functions.RejectCategory.NEGATIVE;
import static io.overlaywatch.jobs.functions.RejectCategory.NOT_FINITE;
import static io.overlaywatch.jobs.functions.RejectCategory.NOT_JSON;
import static io.overlaywatch.jobs.functions.RejectCategory.SCHEMA_VERSION;
import static io.overlaywatch.jobs.functions.RejectCategory.TOO_LONG;
import static io.overlaywatch.jobs.functions.RejectCategory.UNKNOWN_FIELD;
import static io.overlaywatch.jobs.functions.RejectCategory.UNKNOWN_KIND;
import static io.overlaywatch.jobs.functions.RejectCategory.UNSAFE_NAME;
import static io.overlaywatch.jobs.functions.RejectCategory.WRONG_TYPE;

/**
 * A corpus of malformed records, each with the topic it is sent to, the category its dead letter must be
 * counted under, and a part of the reason it must carry. Built from valid records by changing one thing.
 */
final class MalformedRecords {

    /** Which input topic a record is sent to. */
    enum Topic { SAMPLES, STEPS, COUNTERS }

    /** One malformed record. */
    record Malformed(String name, Topic topic, byte[] value, RejectCategory category, String reasonPart) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A decimal megabyte: the records stay under Kafka's default 1 MiB request limit. */
    private static final int ONE_MB = 1_000_000;

    private MalformedRecords() {
    }

    /**
     * @param sample  a valid sample, encoded as the agent would
     * @param marker  a valid step marker
     * @param counter a valid counter reading
     * @param alert   a valid alert (a kind that does not belong on an input topic)
     */
    static List<Malformed> corpus(Sample sample, StepMarker marker, Counter counter, Alert alert) {
        String s = WireCodec.encodeToString(sample);
        String m = WireCodec.encodeToString(marker);
        String c = WireCodec.encodeToString(counter);
        String future = Long.toString(System.currentTimeMillis() + 24 * 3_600_000L);
        String time = "\"time\":" + sample.time();
        List<Malformed> corpus = new ArrayList<>();

        // Truncated and broken JSON.
        add(corpus, "empty", Topic.SAMPLES, "", EMPTY, "empty record");
        add(corpus, "truncated after one byte", Topic.SAMPLES, s.substring(0, 1), NOT_JSON, "not JSON");
        add(corpus, "truncated in a field name", Topic.SAMPLES, s.substring(0, 12), NOT_JSON, "not JSON");
        add(corpus, "truncated in the middle", Topic.SAMPLES, s.substring(0, s.length() / 2), NOT_JSON, "not JSON");
        add(corpus, "truncated before the last brace", Topic.SAMPLES, s.substring(0, s.length() - 1), NOT_JSON, "not JSON");
        add(corpus, "truncated marker", Topic.STEPS, m.substring(0, m.length() - 5), NOT_JSON, "not JSON");
        add(corpus, "truncated counter", Topic.COUNTERS, c.substring(0, c.length() / 3), NOT_JSON, "not JSON");
        add(corpus, "plain text", Topic.SAMPLES, "[  5]   0.00-1.00   sec   951 MBytes  7.98 Gbits/sec", NOT_JSON, "not JSON");
        add(corpus, "whitespace only", Topic.SAMPLES, "   \n ", NOT_JSON, "not a JSON object");
        add(corpus, "JSON null", Topic.SAMPLES, "null", NOT_JSON, "not a JSON object");
        add(corpus, "JSON array", Topic.STEPS, "[" + m + "]", NOT_JSON, "not a JSON object");
        add(corpus, "JSON string", Topic.COUNTERS, "\"counter\"", NOT_JSON, "not a JSON object");
        add(corpus, "two records in one", Topic.SAMPLES, s + s, NOT_JSON, "not JSON");
        add(corpus, "trailing garbage", Topic.SAMPLES, s + "garbage", NOT_JSON, "not JSON");
        add(corpus, "duplicate key", Topic.SAMPLES, s.replace("{\"kind\"", "{\"bytes\":1,\"kind\""), NOT_JSON, "Duplicate field");

        // Wrong types.
        add(corpus, "bytes as text", Topic.SAMPLES, replaceNumber(s, "bytes", "\"lots\""), WRONG_TYPE, "bytes");
        add(corpus, "bytes as a fraction", Topic.SAMPLES, replaceNumber(s, "bytes", "1.5"), WRONG_TYPE, "bytes");
        add(corpus, "bytes beyond a long", Topic.SAMPLES, replaceNumber(s, "bytes", "99999999999999999999999"), WRONG_TYPE, "");
        add(corpus, "rate as text", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "\"fast\""), WRONG_TYPE, "bitsPerSecond");
        add(corpus, "start as boolean", Topic.SAMPLES, replaceNumber(s, "start", "true"), WRONG_TYPE, "start");
        add(corpus, "time as text", Topic.SAMPLES, s.replace(time, "\"time\":\"yesterday\""), WRONG_TYPE, "time");
        add(corpus, "retransmits as array", Topic.SAMPLES, replaceNumber(s, "retransmits", "[3]"), WRONG_TYPE, "retransmits");
        add(corpus, "side as number", Topic.SAMPLES, s.replace("\"side\":\"sender\"", "\"side\":1"), WRONG_TYPE, "side");
        add(corpus, "side unknown", Topic.SAMPLES, s.replace("\"side\":\"sender\"", "\"side\":\"both\""), WRONG_TYPE, "side");
        add(corpus, "step as text", Topic.SAMPLES, s.replaceFirst("\"step\":\\{[^}]*}", "\"step\":\"one\""), WRONG_TYPE, "step");
        add(corpus, "counter labels as list", Topic.COUNTERS, c.replaceFirst("\"labels\":\\{[^}]*}", "\"labels\":[\"eth0\"]"), WRONG_TYPE, "labels");
        add(corpus, "marker phase unknown", Topic.STEPS, m.replace("\"phase\":\"end\"", "\"phase\":\"middle\""), WRONG_TYPE, "phase");

        // NaN and Infinity.
        add(corpus, "rate NaN", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "NaN"), NOT_FINITE, "NaN");
        add(corpus, "rate Infinity", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "Infinity"), NOT_FINITE, "Infinity");
        add(corpus, "rate -Infinity", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "-Infinity"), NOT_FINITE, "Infinity");
        add(corpus, "rate NaN as text", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "\"NaN\""), NOT_FINITE, "bitsPerSecond must be a finite number");
        add(corpus, "rate overflowing to infinity", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "1e400"), NOT_FINITE, "bitsPerSecond must be a finite number");
        add(corpus, "end overflowing to infinity", Topic.SAMPLES, replaceNumber(s, "end", "1e999"), NOT_FINITE, "end must be a finite number");
        add(corpus, "counter value NaN", Topic.COUNTERS, replaceNumber(c, "value", "NaN"), NOT_FINITE, "NaN");

        // Negative numbers.
        add(corpus, "negative bytes", Topic.SAMPLES, replaceNumber(s, "bytes", "-1"), NEGATIVE, "bytes must not be negative");
        add(corpus, "negative rate", Topic.SAMPLES, replaceNumber(s, "bitsPerSecond", "-8.0E9"), NEGATIVE, "bitsPerSecond must not be negative");
        add(corpus, "negative retransmits", Topic.SAMPLES, replaceNumber(s, "retransmits", "-3"), NEGATIVE, "retransmits must not be negative");
        add(corpus, "negative start", Topic.SAMPLES, replaceNumber(s, "start", "-1.0"), NEGATIVE, "start must not be negative");
        add(corpus, "negative counter", Topic.COUNTERS, replaceNumber(c, "value", "-42.0"), NEGATIVE, "value must not be negative");
        add(corpus, "negative time", Topic.SAMPLES, s.replace(time, "\"time\":-5"), INVALID_VALUE, "time must be a positive epoch millisecond");

        // A day in the future.
        add(corpus, "sample a day ahead", Topic.SAMPLES, s.replace(time, "\"time\":" + future), FUTURE_TIME, "is in the future");
        add(corpus, "marker a day ahead", Topic.STEPS, m.replace("\"time\":" + marker.time(), "\"time\":" + future), FUTURE_TIME, "is in the future");
        add(corpus, "counter a day ahead", Topic.COUNTERS, c.replace("\"time\":" + counter.time(), "\"time\":" + future), FUTURE_TIME, "is in the future");

        // One-megabyte strings.
        add(corpus, "1 MB client pod", Topic.SAMPLES, s.replace("\"clientPod\":\"" + sample.clientPod() + "\"",
                "\"clientPod\":\"" + "p".repeat(ONE_MB) + "\""), TOO_LONG, "clientPod is too long");
        add(corpus, "1 MB run id", Topic.STEPS, m.replace("\"run\":\"" + marker.step().run() + "\"",
                "\"run\":\"" + "r".repeat(ONE_MB - 200) + "\""), TOO_LONG, "step.run is too long");
        add(corpus, "1 MB label", Topic.COUNTERS, c.replaceFirst("\"labels\":\\{[^}]*}",
                "\"labels\":{\"interface\":\"" + "e".repeat(ONE_MB - 300) + "\"}"), TOO_LONG, "label interface is too long");
        add(corpus, "1 MB unknown field", Topic.SAMPLES, s.replace("{\"kind\"", "{\"junk\":\"" + "j".repeat(ONE_MB - 600) + "\",\"kind\""),
                UNKNOWN_FIELD, "unknown field junk");

        // Names InfluxDB line protocol cannot carry.
        add(corpus, "line break in a pod name", Topic.SAMPLES, s.replace("\"clientPod\":\"" + sample.clientPod() + "\"",
                "\"clientPod\":\"pod\\niperf_interval,run=x bps=1\""), UNSAFE_NAME, "clientPod holds a control character");
        add(corpus, "trailing backslash in a run id", Topic.STEPS, m.replace("\"run\":\"" + marker.step().run() + "\"",
                "\"run\":\"run\\\\\""), UNSAFE_NAME, "step.run ends with a backslash");
        add(corpus, "tab in a label", Topic.COUNTERS, c.replace("eth0", "eth\\t0"), UNSAFE_NAME, "label value holds a control character");

        // Schema versions.
        add(corpus, "version 2", Topic.SAMPLES, s.replace("\"v\":1", "\"v\":2"), SCHEMA_VERSION, "unknown schema version v=2");
        add(corpus, "version 0", Topic.STEPS, m.replace("\"v\":1", "\"v\":0"), SCHEMA_VERSION, "unknown schema version v=0");
        add(corpus, "version -1", Topic.COUNTERS, c.replace("\"v\":1", "\"v\":-1"), SCHEMA_VERSION, "unknown schema version v=-1");
        add(corpus, "version as text", Topic.SAMPLES, s.replace("\"v\":1", "\"v\":\"1\""), SCHEMA_VERSION, "not an integer");
        add(corpus, "version fraction", Topic.SAMPLES, s.replace("\"v\":1", "\"v\":1.5"), SCHEMA_VERSION, "not an integer");
        add(corpus, "version missing", Topic.SAMPLES, s.replace("\"v\":1,", ""), SCHEMA_VERSION, "v is missing");

        // Unknown fields and kinds.
        add(corpus, "unknown top-level field", Topic.SAMPLES, s.replace("{\"kind\"", "{\"extra\":1,\"kind\""), UNKNOWN_FIELD, "unknown field extra");
        add(corpus, "unknown field in the step", Topic.SAMPLES, s.replace("\"step\":{", "\"step\":{\"tenant\":\"a\","), UNKNOWN_FIELD, "unknown field tenant");
        add(corpus, "unknown field in a marker", Topic.STEPS, m.replace("{\"kind\"", "{\"note\":\"x\",\"kind\""), UNKNOWN_FIELD, "unknown field note");
        add(corpus, "unknown kind", Topic.SAMPLES, s.replace("\"kind\":\"sample\"", "\"kind\":\"bogus\""), UNKNOWN_KIND, "unknown or missing kind");
        add(corpus, "kind missing", Topic.SAMPLES, s.replace("\"kind\":\"sample\",", ""), UNKNOWN_KIND, "unknown or missing kind");
        add(corpus, "an alert on the samples topic", Topic.SAMPLES, WireCodec.encodeToString(alert), UNKNOWN_KIND, "does not belong");

        // Missing fields.
        add(corpus, "client pod null", Topic.SAMPLES, s.replace("\"clientPod\":\"" + sample.clientPod() + "\"", "\"clientPod\":null"), MISSING, "clientPod is missing");
        add(corpus, "stream blank", Topic.SAMPLES, s.replace("\"stream\":\"" + sample.stream() + "\"", "\"stream\":\" \""), MISSING, "stream is missing or blank");
        add(corpus, "end before start", Topic.SAMPLES, replaceNumber(s, "start", "2.0"), INVALID_VALUE, "is before start");

        // Wrong encodings.
        add(corpus, "UTF-8 byte-order mark", Topic.SAMPLES, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(s)), ENCODING, "byte-order mark");
        add(corpus, "UTF-16LE", Topic.SAMPLES, s.getBytes(StandardCharsets.UTF_16LE), ENCODING, "not UTF-8");
        add(corpus, "UTF-16 with byte-order mark", Topic.STEPS, m.getBytes(StandardCharsets.UTF_16), ENCODING, "not UTF-8");
        add(corpus, "UTF-32", Topic.COUNTERS, c.getBytes(java.nio.charset.Charset.forName("UTF-32")), ENCODING, "not UTF-8");
        add(corpus, "invalid UTF-8 start byte in a name", Topic.SAMPLES, replaceBytes(s, "client-", new byte[] {'c', (byte) 0xff}), ENCODING, "UTF-8");
        add(corpus, "cut UTF-8 sequence", Topic.SAMPLES, replaceBytes(s, "client-", new byte[] {'c', (byte) 0xc3, '-'}), ENCODING, "UTF-8");
        add(corpus, "Latin-1 text", Topic.COUNTERS, c.replace("eth0", "\u00e9th0").getBytes(StandardCharsets.ISO_8859_1), ENCODING, "UTF-8");
        return corpus;
    }

    private static void add(List<Malformed> corpus, String name, Topic topic, String value, RejectCategory category,
                            String reasonPart) {
        add(corpus, name, topic, utf8(value), category, reasonPart);
    }

    private static void add(List<Malformed> corpus, String name, Topic topic, byte[] value, RejectCategory category,
                            String reasonPart) {
        corpus.add(new Malformed(name, topic, value, category, reasonPart));
    }

    /** The record with the value of a numeric field replaced by some other JSON text. */
    private static String replaceNumber(String json, String field, String replacement) {
        String replaced = json.replaceFirst("\"" + field + "\":-?[0-9.Ee+-]+", "\"" + field + "\":" + replacement);
        if (replaced.equals(json)) {
            throw new IllegalArgumentException("no number " + field + " in " + json);
        }
        return replaced;
    }

    private static byte[] replaceBytes(String json, String target, byte[] replacement) {
        int at = json.indexOf(target);
        if (at < 0) {
            throw new IllegalArgumentException("no " + target + " in " + json);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(replacement);
        out.writeBytes(utf8(json.substring(at + target.length())));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
