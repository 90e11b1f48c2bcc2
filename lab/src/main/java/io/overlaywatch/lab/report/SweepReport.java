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

    /** The file name of a sweep's figure: {@code policy-sweep.png}, {@code pod-sweep.svg}. */
    public static String figure(SweepKind kind, ImageFormat format) {
        return kind.label() + "-sweep." + format.extension();
    }

    /** Writes the files into {@code dir} (created if needed) and returns their paths, in the order written. */
    public static List<Path> write(Path dir, SweepResults results) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(ResultCsv.write(results, dir.resolve(CSV)));
        Map<SweepKind, Path> figures = writeFigures(dir, results, ImageFormat.PNG);
        written.addAll(figures.values());
        Map<SweepKind, String> names = new EnumMap<>(SweepKind.class);
        figures.forEach((kind, file) -> names.put(kind, file.getFileName().toString()));
        written.add(Files.writeString(dir.resolve(SUMMARY), SweepSummary.markdown(results, names)));
        return written;
    }

    /** One figure per sweep of the run (the paper's Fig. 4 and Fig. 5), as the lab and the report draw them. */
    public static Map<SweepKind, Path> writeFigures(Path dir, SweepResults results, ImageFormat format)
            throws IOException {
        Map<SweepKind, Path> figures = new EnumMap<>(SweepKind.class);
        for (SweepKind kind : results.kinds()) {
            figures.put(kind, Charts.write(SweepFigures.spec(results, kind), dir.resolve(figure(kind, format)),
                    WIDTH, HEIGHT, format));
        }
        return figures;
    }

    public static void print(SweepResults results, PrintStream out) {
        ResultTable.print(results, out);
    }
}
