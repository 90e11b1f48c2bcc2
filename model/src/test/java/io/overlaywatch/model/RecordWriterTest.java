package io.overlaywatch.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based: the streaming writer writes every record, byte for byte, as databind does (the same field order,
 * numbers, escapes and nulls), and fails where databind fails; and what it writes decodes to the same record.
 */
class RecordWriterTest {

    @Property(tries = 3000)
    void shouldWriteASampleAsDatabindDoes(@ForAll("samples") Sample sample) {
        assertSameAsDatabind(sample);
    }

    @Property(tries = 1000)
    void shouldWriteAProbeErrorAsDatabindDoes(@ForAll("probeErrors") ProbeError error) {
        assertSameAsDatabind(error);
    }

    @Property(tries = 1000)
    void shouldWriteAStepMarkerAsDatabindDoes(@ForAll("stepMarkers") StepMarker marker) {
        assertSameAsDatabind(marker);
    }

    @Property(tries = 1000)
    void shouldWriteValidSamplesThatDecodeToTheSameRecord(@ForAll("validSamples") Sample sample) {
        Decoded decoded = WireCodec.decode(WireCodec.encode(sample));

        assertThat(decoded.reason()).isNull();
        assertThat(decoded.record()).isEqualTo(sample);
    }

    @Property(tries = 1000)
    void shouldWriteACounterAsDatabindDoes(@ForAll("counters") Counter counter) {
        assertSameAsDatabind(counter);
    }

    @Property(tries = 1000)
    void shouldWriteAStepAckAsDatabindDoes(@ForAll("stepAcks") StepAck ack) {
        assertSameAsDatabind(ack);
    }

    private static void assertSameAsDatabind(WireRecord record) {
        String databind = outcome(() -> DatabindCodec.encode(record));
        String streaming = outcome(() -> RecordWriter.write(record));

        assertThat(streaming).isEqualTo(databind);
    }

    /** The bytes as text, or that it failed: a lone surrogate in a string is refused by both. */
    private static String outcome(Callable<byte[]> write) {
        try {
            return new String(write.call(), StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            return "failed";
        }
    }

    /** The parts every step record begins with. */
    record Head(int v, long time, StepKey step) {
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<Long> nullableLongs = Arbitraries.longs().injectNull(0.3);
        return Combinators.combine(heads(), Arbitraries.of(Side.class).injectNull(0.05), texts().list().ofSize(7),
                        Arbitraries.of(true, false).list().ofSize(2), doubles().list().ofSize(3),
                        Arbitraries.longs(), nullableLongs.list().ofSize(5), doubles().injectNull(0.3))
                .as((head, side, t, b, d, bytes, n, jitter) -> new Sample(head.v(), head.time(), head.step(), side,
                        t.get(0), t.get(1), t.get(2), t.get(3), t.get(4), b.get(0), d.get(0), d.get(1), b.get(1),
                        bytes, d.get(2), n.get(0), n.get(1), n.get(2), jitter, n.get(3), n.get(4), t.get(5),
                        t.get(6)));
    }

    /** Samples as an agent sends them, which the decoder must take back. */
    @Provide
    Arbitrary<Sample> validSamples() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00e0', '\u00ff')
                .withCharRange('\u4e00', '\u4e20').ofMinLength(1).ofMaxLength(30)
                .filter(s -> !s.isBlank() && !s.endsWith("\\"));
        Arbitrary<StepKey> steps = Combinators.combine(names, Arbitraries.of(Scenario.class), names,
                        Arbitraries.of(Protocol.class), Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(1, 100),
                        Arbitraries.integers().between(1, 10))
                .as(StepKey::new);
        Arbitrary<Double> seconds = Arbitraries.doubles().between(0, 3600);
        Arbitrary<Long> counts = Arbitraries.longs().greaterOrEqual(0).injectNull(0.5);
        return Combinators.combine(steps, Arbitraries.of(Side.class), names.list().ofSize(5), seconds,
                        Arbitraries.longs().greaterOrEqual(0), Arbitraries.doubles().between(0, 1e12),
                        counts.list().ofSize(5), Arbitraries.doubles().between(0, 1000).injectNull(0.5))
                .as((step, side, n, start, bytes, bps, c, jitter) -> new Sample(WireRecord.VERSION,
                        System.currentTimeMillis(), step, side, n.get(0), n.get(1), n.get(2), n.get(3), n.get(4),
                        false, start, start + 1, false, bytes, bps, c.get(0), c.get(1), c.get(2), jitter, c.get(3),
                        c.get(4), null, null));
    }

    @Provide
    Arbitrary<ProbeError> probeErrors() {
        return Combinators.combine(heads(), texts(), texts(), texts(), Arbitraries.integers().injectNull(0.3))
                .as((head, client, server, reason, exit) -> new ProbeError(head.v(), head.time(), head.step(), client,
                        server, reason, exit));
    }

    @Provide
    Arbitrary<StepMarker> stepMarkers() {
        return Combinators.combine(heads(), Arbitraries.of(StepMarker.Phase.class).injectNull(0.05), doubles())
                .as((head, phase, duration) -> new StepMarker(head.v(), head.time(), head.step(), phase, duration));
    }

    @Provide
    Arbitrary<Counter> counters() {
        Arbitrary<java.util.Map<String, String>> labels = Arbitraries.maps(texts().filter(t -> t != null),
                texts().filter(t -> t != null)).ofMaxSize(4).injectNull(0.1);
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), texts().list().ofSize(4), labels,
                        doubles())
                .as((v, time, t, l, value) -> new Counter(v, time, t.get(0), t.get(1), t.get(2), t.get(3), l, value));
    }

    @Provide
    Arbitrary<StepAck> stepAcks() {
        return Combinators.combine(heads(), texts(), Arbitraries.of(StepAck.Status.class).injectNull(0.05), texts())
                .as((head, client, status, message) -> new StepAck(head.v(), head.time(), head.step(), client, status,
                        message));
    }

    static Arbitrary<Head> heads() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.longs(), steps().injectNull(0.05))
                .as(Head::new);
    }

    /** Step keys with any texts, now and then a null enum. */
    static Arbitrary<StepKey> steps() {
        return Combinators.combine(texts(), Arbitraries.of(Scenario.class).injectNull(0.05),
                        texts(), Arbitraries.of(Protocol.class).injectNull(0.05), Arbitraries.integers(),
                        Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers())
                .as(StepKey::new);
    }

    /**
     * Any text: printable ASCII with the characters JSON escapes, control characters, non-ASCII ones, pairs and
     * lone halves of surrogates, or null.
     */
    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars('"', '\\', '/', '\n', '\t', '\u0000',
                        '\u001f', '\u007f', '\u00e9', '\u2028', '\u20ac', '\ud83d', '\ude00').ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("pod-1", "10.1.1.2:54524-10.1.2.2:5201", "SUM", "cubic", "0,0", ""))
                .injectNull(0.05);
    }

    /** Doubles of every magnitude and bit pattern, the special values, and the round ones iperf3 reports. */
    private static Arbitrary<Double> doubles() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().map(Double::longBitsToDouble)),
                Tuple.of(3, Arbitraries.doubles()),
                Tuple.of(2, Arbitraries.integers().between(0, 100_000).map(i -> i / 100.0)),
                Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                        Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1e7, 1e-3, 9.999999e6, 1.0E-4,
                        2e23, 7.98e9)));
    }
}
