package io.overlaywatch.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Writes the records agents send (samples, probe errors, step markers, counters, step acks) straight to JSON tokens,
 * without databind, whose 540 classes were 6 MiB of the agent's RSS (BENCHMARKS.md). The bytes are those databind
 * writes: {@code kind} first, then the record's components in their order, through the same generator, so that
 * numbers and strings come out alike ({@code RecordWriterTest} compares the two on random records).
 */
final class RecordWriter {

    private static final JsonFactory JSON = new JsonFactory();
    /** A sample is about 600 bytes; the buffer grows if it must. */
    private static final int INITIAL_BYTES = 640;

    private RecordWriter() {
    }

    /** The record as JSON, or null when it is a type this writer leaves to databind. */
    static byte[] write(WireRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            if (record instanceof Sample s) {
                sample(g, s);
            } else if (record instanceof ProbeError e) {
                probeError(g, e);
            } else if (record instanceof StepMarker m) {
                stepMarker(g, m);
            } else if (record instanceof Counter c) {
                counter(g, c);
            } else if (record instanceof StepAck a) {
                stepAck(g, a);
            } else {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static void sample(JsonGenerator g, Sample s) throws IOException {
        start(g, "sample", s.v(), s.time(), s.step());
        g.writeStringField("side", s.side() == null ? null : s.side().wireName());
        g.writeStringField("clientPod", s.clientPod());
        g.writeStringField("serverPod", s.serverPod());
        g.writeStringField("srcNode", s.srcNode());
        g.writeStringField("dstNode", s.dstNode());
        g.writeStringField("stream", s.stream());
        g.writeBooleanField("sum", s.sum());
        g.writeNumberField("start", s.start());
        g.writeNumberField("end", s.end());
        g.writeBooleanField("omitted", s.omitted());
        g.writeNumberField("bytes", s.bytes());
        g.writeNumberField("bitsPerSecond", s.bitsPerSecond());
        nullable(g, "retransmits", s.retransmits());
        nullable(g, "cwndBytes", s.cwndBytes());
        nullable(g, "rttMicros", s.rttMicros());
        nullable(g, "jitterMs", s.jitterMs());
        nullable(g, "lost", s.lost());
        nullable(g, "packets", s.packets());
        g.writeStringField("congestion", s.congestion());
        g.writeStringField("affinity", s.affinity());
        g.writeEndObject();
    }

    private static void probeError(JsonGenerator g, ProbeError e) throws IOException {
        start(g, "probe_error", e.v(), e.time(), e.step());
        g.writeStringField("clientPod", e.clientPod());
        g.writeStringField("serverPod", e.serverPod());
        g.writeStringField("reason", e.reason());
        nullable(g, "exitCode", e.exitCode());
        g.writeEndObject();
    }

    private static void stepMarker(JsonGenerator g, StepMarker m) throws IOException {
        start(g, "step", m.v(), m.time(), m.step());
        g.writeStringField("phase", m.phase() == null ? null : m.phase().wireName());
        g.writeNumberField("durationSeconds", m.durationSeconds());
        g.writeEndObject();
    }

    private static void stepAck(JsonGenerator g, StepAck a) throws IOException {
        start(g, "step_ack", a.v(), a.time(), a.step());
        g.writeStringField("clientPod", a.clientPod());
        g.writeStringField("status", a.status() == null ? null : a.status().wireName());
        g.writeStringField("message", a.message());
        g.writeEndObject();
    }

    private static void counter(JsonGenerator g, Counter c) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "counter");
        g.writeNumberField("v", c.v());
        g.writeNumberField("time", c.time());
        g.writeStringField("run", c.run());
        g.writeStringField("node", c.node());
        g.writeStringField("source", c.source());
        g.writeStringField("name", c.name());
        g.writeFieldName("labels");
        if (c.labels() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, String> label : c.labels().entrySet()) {
                g.writeStringField(label.getKey(), label.getValue());
            }
            g.writeEndObject();
        }
        g.writeNumberField("value", c.value());
        g.writeEndObject();
    }

    /** A boxed number as databind writes it: its primitive value, or null. */
    private static void nullable(JsonGenerator g, String name, Number value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Double d) {
            g.writeNumber(d.doubleValue());
        } else if (value instanceof Integer i) {
            g.writeNumber(i.intValue());
        } else {
            g.writeNumber(value.longValue());
        }
    }

    /** The fields every step record begins with, after its kind. */
    private static void start(JsonGenerator g, String kind, int v, long time, StepKey step) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", kind);
        g.writeNumberField("v", v);
        g.writeNumberField("time", time);
        g.writeFieldName("step");
        if (step == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("run", step.run());
        g.writeStringField("scenario", step.scenario() == null ? null : step.scenario().wireName());
        g.writeStringField("cni", step.cni());
        g.writeStringField("protocol", step.protocol() == null ? null : step.protocol().wireName());
        g.writeNumberField("index", step.index());
        g.writeNumberField("policies", step.policies());
        g.writeNumberField("pods", step.pods());
        g.writeNumberField("repetition", step.repetition());
        g.writeEndObject();
    }
}
