package io.overlaywatch.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A short markdown summary of a run's sweeps, with the numbers in the paper's form. */
public final class SweepSummary {

    private SweepSummary() {
    }

    /**
     * @param results the computed points
     * @param figures file names of the figures to link, by sweep (missing ones are not linked)
     */
    public static String markdown(SweepResults results, Map<SweepKind, String> figures) {
        StringBuilder md = new StringBuilder("# Sweep results of run `").append(results.run()).append("`\n");
        if (results.isEmpty()) {
            md.append("\nNo step summaries of a policy or pod sweep in this run.\n");
        }
        for (SweepKind kind : results.kinds()) {
            Map<SweepSeries, List<SweepPoint>> series = results.series(kind);
            md.append('\n');
            if (kind == SweepKind.POLICY) {
                md.append("## Policy sweep\n\nThroughput per stream, mean of the repetitions.\n\n");
                policySentences(series).forEach(s -> md.append("- ").append(s).append('\n'));
                if (series.keySet().stream().anyMatch(s -> s.profile().startsWith("linear"))) {
                    md.append("\n`linear` walks the whole rule chain for every packet, the worst case; `linear-ct`"
                            + " accepts established flows first, as Calico's felix chains do, so only a flow's"
                            + " first packets walk it.\n");
                }
            } else {
                md.append("## Pod sweep\n\nThroughput summed over the concurrent pod pairs, mean of the repetitions.\n\n");
                series.forEach((line, points) -> md.append("- ").append(podSentence(line, points)).append('\n'));
            }
            if (figures.containsKey(kind)) {
                md.append("\n![").append(kind == SweepKind.POD ? "Throughput against pod pairs" :
                        "Throughput against policy count").append("](").append(figures.get(kind)).append(")\n");
            }
        }
        return md.toString();
    }

    /** One sentence per protocol: "linear (tcp) loses 28.1 Gbit/s (91%) from 1 to 10,000 policies; hashed (tcp) loses ...". */
    static List<String> policySentences(Map<SweepSeries, List<SweepPoint>> series) {
        Map<String, List<String>> clauses = new LinkedHashMap<>();
        Map<String, String> ranges = new LinkedHashMap<>();
        series.forEach((line, points) -> {
            SweepPoint first = points.get(0);
            SweepPoint last = points.get(points.size() - 1);
            String range = "from " + Format.count(first.x()) + " to " + Format.count(last.x()) + " policies";
            List<String> protocolClauses = clauses.computeIfAbsent(line.protocol(), p -> new ArrayList<>());
            String clause;
            if (points.size() == 1) {
                clause = line.label() + " was measured at " + Format.count(first.x()) + " "
                        + (first.x() == 1 ? "policy" : "policies") + " only (" + Format.gbps(first.meanBps())
                        + " Gbit/s)";
            } else {
                clause = line.label() + (last.changeBps() < 0 ? " loses " : " gains ") + Format.prose(last.changeBps())
                        + " Gbit/s (" + Format.percent(last.changePct())
                        + (last.throughput().overlaps(first.throughput()) ? ", within the 95% intervals" : "") + ")";
                // The range is said once per sentence, and again only where a line was swept differently.
                String said = ranges.putIfAbsent(line.protocol(), range);
                if (said == null || !said.equals(range)) {
                    clause += " " + range;
                }
            }
            protocolClauses.add(clause);
        });
        return clauses.values().stream().map(c -> String.join("; ", c) + ".").toList();
    }

    /** "From 1 to 40 pod pairs, cumulative TCP throughput of linear changes by -48% (-1.2 Gbit/s) against ...". */
    static String podSentence(SweepSeries line, List<SweepPoint> points) {
        SweepPoint first = points.get(0);
        SweepPoint last = points.get(points.size() - 1);
        String protocol = line.protocol().toUpperCase(Locale.ROOT);
        if (points.size() == 1) {
            return String.format(Locale.ROOT, "%s (%s) was measured with %s pod pair%s only: %s Gbit/s.",
                    line.profile(), line.protocol(), Format.count(first.x()), first.x() == 1 ? "" : "s",
                    Format.gbps(first.meanBps()));
        }
        boolean expected = !Double.isNaN(last.expectedBps());
        double pct = expected ? last.degradationPct() : last.changePct();
        double bps = expected ? last.degradationBps() : last.changeBps();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "From %s to %s pod pairs, cumulative %s throughput of %s changes by %s%s (%s%s Gbit/s) against ",
                Format.count(first.x()), Format.count(last.x()), protocol, line.profile(),
                pct < 0 ? "-" : "+", Format.percent(pct), bps < 0 ? "-" : "+", Format.prose(bps)));
        s.append(expected
                ? "the expected single-pair throughput of " + Format.gbps(last.expectedBps()) + " Gbit/s"
                : Format.count(first.x()) + " pairs (no single-pair step to compare with)");
        if (!Double.isNaN(last.fairness())) {
            s.append(String.format(Locale.ROOT, "; Jain's fairness at %s pairs %.2f", Format.count(last.x()),
                    last.fairness()));
        }
        return s.append('.').toString();
    }
}
