package io.overlaywatch.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns sweep points into chart specs like the paper's Fig. 4 (policies) and Fig. 5 (pod pairs). */
public final class SweepFigures {

    private SweepFigures() {
    }

    public static Charts.Spec spec(SweepResults results, SweepKind kind) {
        String run = results.run();
        Map<SweepSeries, List<SweepPoint>> lines = results.series(kind);
        List<Charts.Series> series = new ArrayList<>();
        lines.forEach((line, points) -> series.add(series(line, points, lines)));
        // Every profile of the run, so that a profile has one colour in both figures.
        List<String> styles = results.points().stream().map(p -> p.series().profile()).distinct().toList();
        String bars = "mean of the repetitions; bars: 95% confidence interval";
        return kind == SweepKind.POLICY
                ? new Charts.Spec("Throughput against policy count", "run " + run + " · per-stream throughput, " + bars,
                "NetworkPolicies (log scale)", true, "throughput (Gbit/s)", null, series, styles)
                : new Charts.Spec("Cumulative throughput against pod pairs",
                "run " + run + " · throughput summed over concurrent pairs, " + bars,
                "concurrent client/server pod pairs", false, "cumulative throughput (Gbit/s)",
                "expected: one pair's throughput", series, styles);
    }

    private static Charts.Series series(SweepSeries line, List<SweepPoint> points,
                                        Map<SweepSeries, List<SweepPoint>> all) {
        int n = points.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] low = new double[n];
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            SweepPoint p = points.get(i);
            x[i] = p.x();
            y[i] = p.meanBps() / 1e9;
            low[i] = p.throughput().low() / 1e9;
            high[i] = p.throughput().high() / 1e9;
        }
        // A profile appears once per protocol panel, unless a run swept it twice (another scenario or fixed count).
        boolean twice = all.keySet().stream().filter(other -> other.protocol().equals(line.protocol())
                && other.profile().equals(line.profile())).count() > 1;
        String name = twice ? line.profile() + " (" + line.scenario() + ", " + line.fixed() + " "
                + (line.kind() == SweepKind.POD ? "policies" : "pods") + ")" : line.profile();
        double reference = points.get(0).expectedBps() / 1e9;
        return new Charts.Series(line.protocol().toUpperCase(Locale.ROOT), name, x, y, low, high, reference);
    }
}
