package io.overlaywatch.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds validation puts on time and text, so that no record can drag event time or bloat state. */
class RecordLimitsTest {

    private static Counter counter(long time, String node) {
        return new Counter(1, time, "run-1", node, "netdev", "rx_dropped", Map.of("interface", "eth0"), 1);
    }

    @Test
    void shouldRejectARecordADayAheadOfTheClockButAcceptOneAMinuteAhead() {
        long now = System.currentTimeMillis();

        assertThat(counter(now + 24 * 3_600_000L, "node-a").problems()).singleElement()
                .satisfies(p -> assertThat(p).contains("is in the future"));
        assertThat(counter(now + 60_000L, "node-a").problems()).isEmpty();
    }

    @Test
    void shouldRejectANameLongerThanTheLimitButAcceptOneAtIt() {
        long now = System.currentTimeMillis();

        assertThat(counter(now, "n".repeat(Checks.MAX_TEXT_CHARS + 1)).problems()).singleElement()
                .satisfies(p -> assertThat(p).isEqualTo("node is too long: 4097 characters, at most 4096"));
        assertThat(counter(now, "n".repeat(Checks.MAX_TEXT_CHARS)).problems()).isEmpty();
    }

    @Test
    void shouldRejectUtf16AndAByteOrderMarkBeforeParsing() {
        byte[] json = WireCodec.encode(counter(System.currentTimeMillis(), "node-a"));
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(WireCodec.decode(json).isValid()).isTrue();
        assertThat(WireCodec.decode(withBom).reason()).isEqualTo("not UTF-8: starts with a UTF-8 byte-order mark");
        assertThat(WireCodec.decode(new String(json, java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE)).reason()).startsWith("not UTF-8");
    }
}
