package io.overlaywatch.agents.counters;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetSnmpParserTest {

    private static double value(String golden, String name) {
        return ProcNetSnmpParser.all().parse(CounterGoldenCase.named(golden).input()).readings().stream()
                .filter(r -> r.name().equals(name))
                .mapToDouble(Reading::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + golden));
    }

    @Test
    void shouldCountTheUdpDatagramsTheServerDroppedForWantOfBufferSpace() {
        // iperf3 -u -b 0 overran the receiver: every InError of this run was a receive-buffer drop.
        assertThat(value("proc-net-snmp-netns-server", "Udp_RcvbufErrors")).isEqualTo(6_331.0);
        assertThat(value("proc-net-snmp-netns-server", "Udp_InErrors")).isEqualTo(6_331.0);
        assertThat(value("proc-net-snmp-netns-server", "Udp_NoPorts")).isEqualTo(1.0);
    }

    @Test
    void shouldSeeTheFragmentsOneSideCreatedReassembledOnTheOther() {
        assertThat(value("proc-net-snmp-netns-client", "Ip_FragCreates")).isEqualTo(939.0)
                .isEqualTo(value("proc-net-snmp-netns-server", "Ip_ReasmReqds"));
        // 4000-byte datagrams over a 1500-byte MTU: three fragments each.
        assertThat(value("proc-net-snmp-netns-server", "Ip_ReasmOKs")).isEqualTo(313.0)
                .isEqualTo(value("proc-net-snmp-netns-client", "Ip_FragOKs"));
    }

    @Test
    void shouldReadRetransmissionsFromSnmpAndTheirCausesFromNetstat() {
        assertThat(value("proc-net-snmp-netns-client", "Tcp_RetransSegs")).isEqualTo(157.0);
        assertThat(value("proc-net-snmp-host", "Tcp_RetransSegs")).isEqualTo(393.0);
        assertThat(value("proc-net-netstat-host", "TcpExt_TCPLostRetransmit")).isEqualTo(1.0);
        assertThat(value("proc-net-netstat-host", "TcpExt_TCPTimeouts")).isEqualTo(2.0);
        assertThat(value("proc-net-netstat-netns-server", "IpExt_InOctets")).isEqualTo(6_617_530_372.0);
    }

    @Test
    void shouldKeepNegativeGaugesForTheCollectorToSkipWhenAskedForAll() {
        assertThat(value("proc-net-snmp-netns-fresh", "Tcp_MaxConn")).isEqualTo(-1.0);
        assertThat(ProcNetSnmpParser.DEFAULT_COUNTERS).doesNotContain("Tcp_MaxConn");
    }

    @Test
    void shouldReadSectionsWhoseFieldsDependOnTraffic() {
        // IcmpMsg lists only the message types seen so far.
        assertThat(value("proc-net-snmp-netns-server", "IcmpMsg_OutType3")).isEqualTo(1.0);
        assertThat(value("proc-net-snmp-netns-client", "IcmpMsg_InType3")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepOnlyTheNamedCountersWhenAskedFor() {
        Parsed parsed = ProcNetSnmpParser.only(Set.of("Udp_RcvbufErrors", "Tcp_RetransSegs", "Nope_Nothing"))
                .parse(CounterGoldenCase.named("proc-net-snmp-netns-server").input());

        assertThat(parsed.readings()).containsExactly(Reading.of("Tcp_RetransSegs", 0), Reading.of("Udp_RcvbufErrors", 6_331));
    }

    @Test
    void shouldReportMisalignedAndShortLinesByNumberAndReadTheRest() {
        String text = """
                Tcp: RtoAlgorithm RtoMin
                Udp: InDatagrams NoPorts
                Udp: 5 6
                Ip: 1 2
                Icmp: InMsgs InErrors
                Icmp: 1
                TcpExt: SyncookiesSent ListenDrops
                TcpExt: 0 x
                IpExt: InOctets
                """;

        Parsed parsed = ProcNetSnmpParser.all().parse(text);

        assertThat(parsed.problems()).containsExactly(
                "line 1: header of Tcp is followed by Udp on line 2 instead of its values",
                "line 4: values of Ip without a header line",
                "line 6: Icmp has 1 values for 2 header fields",
                "line 8: 'x' of TcpExt_ListenDrops is not an integer",
                "line 9: header of IpExt has no value line");
        assertThat(parsed.readings()).containsExactly(
                Reading.of("Udp_InDatagrams", 5), Reading.of("Udp_NoPorts", 6), Reading.of("TcpExt_SyncookiesSent", 0));
    }

    @Test
    void shouldReportALineWithoutSectionAndMissingText() {
        assertThat(ProcNetSnmpParser.defaults().parse("<html>502 Bad Gateway</html>").problems())
                .containsExactly("line 1: expected 'Section: ...', found '<html>502 Bad Gateway</html>'");
        assertThat(ProcNetSnmpParser.defaults().parse(null).problems()).containsExactly("no text");
        assertThat(ProcNetSnmpParser.defaults().parse("\n\n").isEmpty()).isTrue();
    }

    @Test
    void shouldKeepSectionsApartSoThatUdpLiteDoesNotShadowUdp() {
        List<Reading> readings = ProcNetSnmpParser.all()
                .parse(CounterGoldenCase.named("proc-net-snmp-netns-server").input()).readings();

        assertThat(readings).extracting(Reading::name).contains("Udp_InErrors", "UdpLite_InErrors").doesNotHaveDuplicates();
    }
}
