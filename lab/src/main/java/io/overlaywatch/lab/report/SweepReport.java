package io.overlaywatch.lab.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Writes a run's sweep results to a folder (CSV, one PNG per sweep, markdown summary) and prints the table. */
public final class SweepReport {

    public static final String CSV = "sweep-results.csv";
    public static final String SUMMARY = "summary.md";
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 750;

    private SweepReport() {
    }

    /** The file name of a sweep's figure: {@code policy-sweep.png}, {@code pod-sweep.png}. */
    public static String figure(SweepKind kind) {
        return kind.label() + "-sweep.png";
    }

    /** Writes the files into {@code dir} (created if needed) and returns their paths, in the order written. */
    public static List<Path> write(Path dir, SweepResults results) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(ResultCsv.write(results, dir.resolve(CSV)));
        Map<SweepKind, String> figures = new EnumMap<>(SweepKind.class);
        for (SweepKind kind : results.kinds()) {
            figures.put(kind, figure(kind));
            written.add(Charts.writePng(SweepFigures.spec(results, kind), dir.resolve(figure(kind)), WIDTH, HEIGHT));
        }
        written.add(Files.writeString(dir.resolve(SUMMARY), SweepSummary.markdown(results, figures)));
        return written;
    }

    public static void print(SweepResults results, PrintStream out) {
        ResultTable.print(results, out);
    }
}
