package io.overlaywatch.agents.counters;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetDevParserTest {

    private static final String HEADER = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            """;

    private static double value(List<Reading> readings, String name, String device) {
        return readings.stream()
                .filter(r -> r.name().equals(name) && device.equals(r.labels().get(ProcNetDevParser.INTERFACE)))
                .mapToDouble(Reading::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " of " + device));
    }

    @Test
    void shouldSeeOneVethPairFromBothEndsWhenReadingTheTwoLabNamespaces() {
        List<Reading> client = ProcNetDevParser.defaults()
                .parse(CounterGoldenCase.named("proc-net-dev-netns-client").input()).readings();
        List<Reading> server = ProcNetDevParser.defaults()
                .parse(CounterGoldenCase.named("proc-net-dev-netns-server").input()).readings();

        // What one end of a veth sends, the other receives: a check on the parser that the kernel provides.
        assertThat(value(client, "tx_bytes", "owtest-va")).isEqualTo(6_625_357_616.0)
                .isEqualTo(value(server, "rx_bytes", "owtest-vb"));
        assertThat(value(client, "tx_packets", "owtest-va")).isEqualTo(559_052.0)
                .isEqualTo(value(server, "rx_packets", "owtest-vb"));
        assertThat(value(client, "rx_bytes", "owtest-va")).isEqualTo(value(server, "tx_bytes", "owtest-vb"));
        assertThat(client).extracting(r -> r.labels().get(ProcNetDevParser.INTERFACE)).containsOnly("lo", "owtest-va");
    }

    @Test
    void shouldReadAnInterfaceWhoseCounterTouchesItsColonOnTheHost() {
        List<Reading> host = ProcNetDevParser.defaults()
                .parse(CounterGoldenCase.named("proc-net-dev-host").input()).readings();

        assertThat(value(host, "rx_bytes", "eth0")).isEqualTo(313_605_619.0);
        assertThat(value(host, "tx_packets", "eth0")).isEqualTo(5_255.0);
        assertThat(value(host, "rx_bytes", "lo")).isEqualTo(value(host, "tx_bytes", "lo"));
    }

    @Test
    void shouldNameTheColumnsFromTheHeaderSoThatANewColumnCannotShiftTheOthers() {
        String text = """
                Inter-|   Receive                            |  Transmit
                 face |bytes    packets errs drop newcol     |bytes    packets errs drop
                  eth1: 100 2 0 7 9 200 3 0 1
                """;

        Parsed parsed = ProcNetDevParser.all().parse(text);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.readings()).containsExactly(
                Reading.of("rx_bytes", Map.of("interface", "eth1"), 100),
                Reading.of("rx_packets", Map.of("interface", "eth1"), 2),
                Reading.of("rx_errors", Map.of("interface", "eth1"), 0),
                Reading.of("rx_dropped", Map.of("interface", "eth1"), 7),
                Reading.of("rx_newcol", Map.of("interface", "eth1"), 9),
                Reading.of("tx_bytes", Map.of("interface", "eth1"), 200),
                Reading.of("tx_packets", Map.of("interface", "eth1"), 3),
                Reading.of("tx_errors", Map.of("interface", "eth1"), 0),
                Reading.of("tx_dropped", Map.of("interface", "eth1"), 1));
    }

    @Test
    void shouldAssumeTheKernelLayoutWhenTheHeaderWasCutOff() {
        Parsed parsed = ProcNetDevParser.defaults().parse("lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.readings()).extracting(Reading::name, Reading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rx_bytes", 1.0),
                org.assertj.core.groups.Tuple.tuple("rx_packets", 2.0),
                org.assertj.core.groups.Tuple.tuple("rx_errors", 3.0),
                org.assertj.core.groups.Tuple.tuple("rx_dropped", 4.0),
                org.assertj.core.groups.Tuple.tuple("tx_bytes", 9.0),
                org.assertj.core.groups.Tuple.tuple("tx_packets", 10.0),
                org.assertj.core.groups.Tuple.tuple("tx_errors", 11.0),
                org.assertj.core.groups.Tuple.tuple("tx_dropped", 12.0));
    }

    @Test
    void shouldReadUnsignedCountersBeyondLongMaxValue() {
        String text = HEADER + "eth0: 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

        Parsed parsed = ProcNetDevParser.defaults().parse(text);

        assertThat(parsed.problems()).isEmpty();
        assertThat(value(parsed.readings(), "rx_bytes", "eth0")).isEqualTo(1.8446744073709552E19);
    }

    @Test
    void shouldReportBadLinesByNumberAndKeepTheGoodOnes() {
        String text = HEADER
                + "    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
                + "  eth0: 1 2 3\n"
                + "garbage without colon\n"
                + "  eth1: 1 x 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";

        Parsed parsed = ProcNetDevParser.defaults().parse(text);

        assertThat(parsed.problems()).containsExactly(
                "line 4: interface eth0 has 3 values, the header names 16 columns",
                "line 5: expected 'interface: values', found 'garbage without colon'",
                "line 6: interface eth1: 'x' in column rx_packets is not an integer");
        assertThat(parsed.readings()).filteredOn(r -> r.labels().get("interface").equals("lo")).hasSize(8);
        assertThat(parsed.readings()).filteredOn(r -> r.labels().get("interface").equals("eth1")).hasSize(7);
    }

    @Test
    void shouldReportMissingTextInsteadOfThrowing() {
        assertThat(ProcNetDevParser.defaults().parse(null).problems()).containsExactly("no text");
        assertThat(ProcNetDevParser.defaults().parse("").isEmpty()).isTrue();
    }
}
