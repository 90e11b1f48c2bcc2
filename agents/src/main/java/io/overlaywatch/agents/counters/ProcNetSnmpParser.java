package io.overlaywatch.agents.counters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code /proc/net/snmp} and {@code /proc/net/netstat}: pairs of a header line ({@code Tcp: RtoAlgorithm
 * RtoMin ...}) and a value line ({@code Tcp: 1 200 ...}) into counters named {@code <Section>_<Field>}, e.g.
 * {@code Tcp_RetransSegs}, {@code Udp_RcvbufErrors}, {@code TcpExt_TCPLostRetransmit}.
 *
 * <p>By default it keeps {@link #DEFAULT_COUNTERS}, the counters that explain a throughput change: IP fragmentation
 * and reassembly (the cost of an encapsulation whose MTU was not lowered), TCP segments and retransmissions, UDP
 * datagrams and receive-buffer drops (what a UDP receiver lost), listen-queue and backlog drops. {@link #all()}
 * keeps every field, including gauges such as {@code Tcp_MaxConn} (-1), which a collector skips as negative.
 */
public final class ProcNetSnmpParser implements CounterParser {

    /** What {@link #defaults()} keeps, in /proc order. */
    public static final Set<String> DEFAULT_COUNTERS = Set.copyOf(List.of(
            // IP: fragments created by the sender and reassembled (or not) by the receiver; discards.
            "Ip_InReceives", "Ip_InDiscards", "Ip_ForwDatagrams",
            "Ip_ReasmReqds", "Ip_ReasmOKs", "Ip_ReasmFails", "Ip_FragOKs", "Ip_FragFails", "Ip_FragCreates",
            // TCP: segments, retransmissions, failed connection attempts and resets.
            "Tcp_ActiveOpens", "Tcp_AttemptFails", "Tcp_EstabResets", "Tcp_InSegs", "Tcp_OutSegs",
            "Tcp_RetransSegs", "Tcp_InErrs", "Tcp_OutRsts",
            // UDP: what arrived, what was dropped for want of a socket or of buffer space.
            "Udp_InDatagrams", "Udp_OutDatagrams", "Udp_NoPorts", "Udp_InErrors", "Udp_RcvbufErrors",
            "Udp_SndbufErrors", "Udp_InCsumErrors",
            // TcpExt (/proc/net/netstat): why TCP retransmitted, and drops before a socket saw the data.
            "TcpExt_TCPLostRetransmit", "TcpExt_TCPFastRetrans", "TcpExt_TCPSlowStartRetrans",
            "TcpExt_TCPTimeouts", "TcpExt_TCPSynRetrans", "TcpExt_TCPRetransFail", "TcpExt_ListenOverflows",
            "TcpExt_ListenDrops", "TcpExt_TCPBacklogDrop", "TcpExt_TCPRcvQDrop", "TcpExt_TCPZeroWindowDrop",
            "TcpExt_TCPOFODrop",
            // IpExt (/proc/net/netstat): overlapping fragments point at a broken tunnel.
            "IpExt_ReasmOverlaps"));

    private final Set<String> keep;

    private ProcNetSnmpParser(Set<String> keep) {
        this.keep = keep;
    }

    /** Keeps {@link #DEFAULT_COUNTERS}. */
    public static ProcNetSnmpParser defaults() {
        return new ProcNetSnmpParser(DEFAULT_COUNTERS);
    }

    /** Keeps every field of every section. */
    public static ProcNetSnmpParser all() {
        return new ProcNetSnmpParser(null);
    }

    /** Keeps the named counters ({@code Section_Field}); names the text does not have are ignored. */
    public static ProcNetSnmpParser only(Set<String> counters) {
        return new ProcNetSnmpParser(Set.copyOf(counters));
    }

    @Override
    public Parsed parse(String text) {
        List<Reading> readings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text == null) {
            return new Parsed(readings, List.of("no text"));
        }
        String[] lines = text.split("\n", -1);
        String section = null;
        List<String> fields = null;
        int headerLine = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add(ProcValues.problem(lineNo, "expected 'Section: ...', found '" + line + "'"));
                continue;
            }
            String name = line.substring(0, colon);
            List<String> words = words(line.substring(colon + 1));
            if (fields == null) {
                if (!words.isEmpty() && !isFieldName(words.get(0))) {
                    problems.add(ProcValues.problem(lineNo, "values of " + name + " without a header line"));
                    continue;
                }
                section = name;
                fields = words;
                headerLine = lineNo;
                continue;
            }
            if (!name.equals(section)) {
                problems.add(ProcValues.problem(headerLine, "header of " + section
                        + " is followed by " + name + " on line " + lineNo + " instead of its values"));
                // The line may be the next header: read it again as one.
                fields = null;
                i--;
                continue;
            }
            values(section, fields, words, lineNo, readings, problems);
            fields = null;
        }
        if (fields != null) {
            problems.add(ProcValues.problem(headerLine, "header of " + section + " has no value line"));
        }
        return new Parsed(readings, problems);
    }

    private void values(String section, List<String> fields, List<String> values, int lineNo,
                        List<Reading> readings, List<String> problems) {
        if (values.size() != fields.size()) {
            problems.add(ProcValues.problem(lineNo, section + " has " + values.size() + " values for "
                    + fields.size() + " header fields"));
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int f = 0; f < fields.size(); f++) {
            String counter = section + "_" + fields.get(f);
            if (!seen.add(counter) || (keep != null && !keep.contains(counter))) {
                continue;
            }
            double value = ProcValues.parse(values.get(f));
            if (Double.isNaN(value)) {
                problems.add(ProcValues.problem(lineNo, "'" + values.get(f) + "' of " + counter + " is not an integer"));
                continue;
            }
            readings.add(Reading.of(counter, value));
        }
    }

    private static boolean isFieldName(String word) {
        char c = word.charAt(0);
        return Character.isLetter(c);
    }

    private static List<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }
}
