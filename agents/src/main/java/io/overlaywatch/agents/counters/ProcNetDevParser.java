package io.overlaywatch.agents.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code /proc/net/dev}: per interface, receive and transmit counters with the label {@code interface}.
 *
 * <p>Counters are named after the kernel's {@code /sys/class/net/IF/statistics/} files: {@code rx_bytes},
 * {@code rx_packets}, {@code rx_errors}, {@code rx_dropped} and the same with {@code tx_}; with {@link #all()} also
 * {@code rx_fifo_errors}, {@code rx_frame_errors}, {@code rx_compressed}, {@code multicast}, {@code tx_fifo_errors},
 * {@code collisions}, {@code tx_carrier_errors} and {@code tx_compressed}. The columns are read from the header, so
 * a kernel that adds one yields {@code rx_<column>} or {@code tx_<column>} instead of a wrong name.
 */
public final class ProcNetDevParser implements CounterParser {

    /** The label that names the interface. */
    public static final String INTERFACE = "interface";

    /** What {@link #defaults()} keeps: bytes, packets, errors and drops in each direction. */
    public static final Set<String> DEFAULT_COUNTERS = Set.of(
            "rx_bytes", "rx_packets", "rx_errors", "rx_dropped",
            "tx_bytes", "tx_packets", "tx_errors", "tx_dropped");

    // The layout every kernel since 2.6 prints; used when the text comes without its header.
    private static final List<String> RX_COLUMNS =
            List.of("bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast");
    private static final List<String> TX_COLUMNS =
            List.of("bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed");

    private static final Map<String, String> RX_NAMES = Map.of(
            "bytes", "rx_bytes", "packets", "rx_packets", "errs", "rx_errors", "drop", "rx_dropped",
            "fifo", "rx_fifo_errors", "frame", "rx_frame_errors", "compressed", "rx_compressed",
            "multicast", "multicast");
    private static final Map<String, String> TX_NAMES = Map.of(
            "bytes", "tx_bytes", "packets", "tx_packets", "errs", "tx_errors", "drop", "tx_dropped",
            "fifo", "tx_fifo_errors", "colls", "collisions", "carrier", "tx_carrier_errors",
            "compressed", "tx_compressed");

    private final Set<String> keep;

    private ProcNetDevParser(Set<String> keep) {
        this.keep = keep;
    }

    /** Keeps {@link #DEFAULT_COUNTERS}. */
    public static ProcNetDevParser defaults() {
        return new ProcNetDevParser(DEFAULT_COUNTERS);
    }

    /** Keeps every column. */
    public static ProcNetDevParser all() {
        return new ProcNetDevParser(null);
    }

    @Override
    public Parsed parse(String text) {
        List<Reading> readings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (text == null) {
            return new Parsed(readings, List.of("no text"));
        }
        List<String> names = columnNames(RX_COLUMNS, TX_COLUMNS);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.indexOf('|') >= 0) {
                // "Inter-|   Receive ...|  Transmit" then " face |bytes packets ...|bytes packets ...".
                String[] parts = line.split("\\|", -1);
                if (parts.length == 3 && parts[1].contains("bytes")) {
                    names = columnNames(words(parts[1]), words(parts[2]));
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add(ProcValues.problem(lineNo, "expected 'interface: values', found '" + line + "'"));
                continue;
            }
            String device = line.substring(0, colon).strip();
            List<String> values = words(line.substring(colon + 1));
            if (values.size() != names.size()) {
                problems.add(ProcValues.problem(lineNo, "interface " + device + " has " + values.size()
                        + " values, the header names " + names.size() + " columns"));
                continue;
            }
            Map<String, String> labels = Map.of(INTERFACE, device);
            for (int c = 0; c < names.size(); c++) {
                String name = names.get(c);
                if (keep != null && !keep.contains(name)) {
                    continue;
                }
                double value = ProcValues.parse(values.get(c));
                if (Double.isNaN(value)) {
                    problems.add(ProcValues.problem(lineNo, "interface " + device + ": '" + values.get(c)
                            + "' in column " + name + " is not an integer"));
                    continue;
                }
                readings.add(Reading.of(name, labels, value));
            }
        }
        return new Parsed(readings, problems);
    }

    private static List<String> columnNames(List<String> rx, List<String> tx) {
        List<String> names = new ArrayList<>(rx.size() + tx.size());
        rx.forEach(c -> names.add(RX_NAMES.getOrDefault(c, "rx_" + c)));
        tx.forEach(c -> names.add(TX_NAMES.getOrDefault(c, "tx_" + c)));
        return names;
    }

    private static List<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }
}
