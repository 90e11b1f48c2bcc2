package io.overlaywatch.lab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a run's sweep points as CSV in plain units (bit/s, %), one row per point, empty cells for "none". */
public final class ResultCsv {

    public static final List<String> HEADER = List.of("sweep", "scenario", "profile", "protocol", "policies", "pods",
            "repetitions", "mean_bps", "ci95_low_bps", "ci95_high_bps", "change_bps", "change_pct", "expected_bps",
            "degradation_bps", "degradation_pct", "fairness");

    private ResultCsv() {
    }

    public static Path write(SweepResults results, Path file) throws IOException {
        return Files.write(file, lines(results));
    }

    static List<String> lines(SweepResults results) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", HEADER));
        for (SweepPoint p : results.points()) {
            MeanInterval t = p.throughput();
            SweepSeries s = p.series();
            lines.add(String.join(",", s.kind().label(), text(s.scenario()), text(s.profile()), text(s.protocol()),
                    Integer.toString(p.policies()), Integer.toString(p.pods()), Integer.toString(t.n()),
                    bps(t.mean()), bps(t.hasInterval() ? t.low() : Double.NaN),
                    bps(t.hasInterval() ? t.high() : Double.NaN), bps(p.changeBps()), pct(p.changePct()),
                    bps(p.expectedBps()), bps(p.degradationBps()), pct(p.degradationPct()),
                    Double.isNaN(p.fairness()) ? "" : String.format(Locale.ROOT, "%.4f", p.fairness())));
        }
        return lines;
    }

    /** Whole bit/s: finer is noise, and no exponent keeps spreadsheets from guessing. */
    private static String bps(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** RFC 4180 quoting, should a profile name ever carry a comma or a quote. */
    private static String text(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
