package io.overlaywatch.lab.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A run's sweep points computed from step summaries and per-stream means: repetitions grouped, 95% intervals,
 * change against the first point, and for pod sweeps the expected throughput and fairness. No I/O here.
 */
public final class SweepResults {

    private final String run;
    private final Map<SweepSeries, List<SweepPoint>> series;

    private SweepResults(String run, Map<SweepSeries, List<SweepPoint>> series) {
        this.run = run;
        this.series = series;
    }

    /** Computes from InfluxQL rows as {@link SweepReader} gets them. */
    public static SweepResults fromRows(String run, List<Map<String, Object>> stepRows,
                                        List<Map<String, Object>> streamRows) {
        return of(run, stepRows.stream().map(StepRow::of).toList(), streamRows.stream().map(StreamRow::of).toList());
    }

    /**
     * @param run     the run id, for titles
     * @param steps   step summaries of both sides; only the relevant side of each protocol counts
     * @param streams per-stream means, for fairness (Jain's index per step, averaged over repetitions); may be empty
     */
    public static SweepResults of(String run, List<StepRow> steps, List<StreamRow> streams) {
        Map<StepId, Double> fairness = fairnessByStep(streams);

        // Series in the order the sweep ran them, points by swept value, repetitions in a list.
        Map<SweepSeries, Integer> firstStep = new HashMap<>();
        Map<SweepSeries, TreeMap<Integer, List<StepRow>>> grouped = new HashMap<>();
        for (StepRow row : steps) {
            SweepKind kind = SweepKind.of(row.id().scenario());
            if (kind == null || !RelevantSide.matches(row.id().protocol(), row.side())) {
                continue;
            }
            SweepSeries key = SweepSeries.of(kind, row.id());
            firstStep.merge(key, row.id().step(), Math::min);
            grouped.computeIfAbsent(key, k -> new TreeMap<>())
                    .computeIfAbsent(kind.x(row.id()), x -> new ArrayList<>()).add(row);
        }
        List<SweepSeries> order = grouped.keySet().stream()
                .sorted(Comparator.comparing(SweepSeries::kind).thenComparing(firstStep::get))
                .toList();

        Map<SweepSeries, List<SweepPoint>> series = new LinkedHashMap<>();
        for (SweepSeries key : order) {
            series.put(key, points(key, grouped.get(key), fairness));
        }
        return new SweepResults(run, series);
    }

    private static List<SweepPoint> points(SweepSeries key, TreeMap<Integer, List<StepRow>> byX,
                                           Map<StepId, Double> fairness) {
        List<SweepPoint> points = new ArrayList<>();
        MeanInterval first = null;
        double expected = Double.NaN;
        for (List<StepRow> repetitions : byX.values()) {
            MeanInterval throughput = MeanInterval.of(
                    repetitions.stream().mapToDouble(key.kind()::throughput).toArray());
            StepId id = repetitions.get(0).id();
            if (first == null) {
                first = throughput;
            }
            if (key.kind() == SweepKind.POD && id.pods() == 1) {
                expected = throughput.mean();
            }
            double change = throughput.mean() - first.mean();
            double fair = repetitions.stream().map(StepRow::id).filter(fairness::containsKey)
                    .mapToDouble(fairness::get).average().orElse(Double.NaN);
            points.add(new SweepPoint(key, id.policies(), id.pods(), throughput, change,
                    100 * change / first.mean(), expected, key.kind() == SweepKind.POD ? fair : Double.NaN));
        }
        return points;
    }

    /**
     * Jain's index per step over the step's pairs, a pair's throughput being the sum of its streams' means.
     * A pair that reported nothing counts as 0: leaving it out would make a starved pair look fair.
     */
    static Map<StepId, Double> fairnessByStep(List<StreamRow> streams) {
        Map<StepId, Map<String, Double>> pairs = streams.stream()
                .filter(s -> RelevantSide.matches(s.id().protocol(), s.side()))
                .collect(Collectors.groupingBy(StreamRow::id,
                        Collectors.groupingBy(StreamRow::clientPod, Collectors.summingDouble(StreamRow::meanBps))));
        Map<StepId, Double> fairness = new HashMap<>();
        pairs.forEach((id, byPair) -> {
            double[] throughputs = new double[Math.max(id.pods(), byPair.size())];
            int i = 0;
            for (double bps : byPair.values()) {
                throughputs[i++] = bps;
            }
            fairness.put(id, JainIndex.of(throughputs));
        });
        return fairness;
    }

    public String run() {
        return run;
    }

    /** Every point, sweep by sweep, line by line in the order the sweep ran them. */
    public List<SweepPoint> points() {
        return series.values().stream().flatMap(List::stream).toList();
    }

    public List<SweepPoint> points(SweepKind kind) {
        return points().stream().filter(p -> p.series().kind() == kind).toList();
    }

    /** The lines of one sweep, each with its points by swept value. */
    public Map<SweepSeries, List<SweepPoint>> series(SweepKind kind) {
        Map<SweepSeries, List<SweepPoint>> lines = new LinkedHashMap<>();
        series.forEach((key, points) -> {
            if (key.kind() == kind) {
                lines.put(key, points);
            }
        });
        return lines;
    }

    /** The sweeps with at least one point. */
    public Set<SweepKind> kinds() {
        Set<SweepKind> kinds = EnumSet.noneOf(SweepKind.class);
        series.keySet().forEach(key -> kinds.add(key.kind()));
        return kinds;
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }
}
