package io.overlaywatch.lab.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints a run's sweep points as one terminal table per sweep. */
public final class ResultTable {

    private ResultTable() {
    }

    public static void print(SweepResults results, PrintStream out) {
        if (results.isEmpty()) {
            out.println("No step summaries of a policy or pod sweep in this run.");
            return;
        }
        for (SweepKind kind : results.kinds()) {
            print(kind, results.points(kind), out);
        }
    }

    private static void print(SweepKind kind, List<SweepPoint> points, PrintStream out) {
        boolean pod = kind == SweepKind.POD;
        out.println(pod
                ? "Pod sweep: throughput summed over concurrent pairs, Gbit/s, mean of n repetitions ± 95% interval"
                : "Policy sweep: throughput per stream, Gbit/s, mean of n repetitions ± 95% interval");
        String format = "%3s  %-10s %-8s %8s %3s %15s %24s" + (pod ? " %9s" : "") + "%n";
        Object[] header = {"#", "profile", "protocol", kind.unit(), "n", "Gbit/s", "change vs first", "fairness"};
        out.printf(Locale.ROOT, format, header);
        int index = 1;
        for (SweepPoint p : points) {
            boolean first = p.x() == points.stream().filter(q -> q.series().equals(p.series()))
                    .mapToInt(SweepPoint::x).min().orElse(p.x());
            out.printf(Locale.ROOT, format, index++, p.series().profile(), p.series().protocol(),
                    Format.count(p.x()), p.throughput().n(), throughput(p.throughput()),
                    first ? "(first)" : Format.change(p.changePct(), p.changeBps()),
                    Double.isNaN(p.fairness()) ? "-" : String.format(Locale.ROOT, "%.3f", p.fairness()));
        }
        out.println();
    }

    /** "12.31 ± 0.84"; one repetition has no interval: "12.31 ±    -", so that the decimal points stay aligned. */
    private static String throughput(MeanInterval m) {
        return m.hasInterval() ? Format.gbps(m) : Format.gbps(m.mean()) + " ±    -";
    }
}
