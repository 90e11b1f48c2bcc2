package io.overlaywatch.lab.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Draws line charts with 95% error bars and dashed reference levels from plain series, headless, to PNG or SVG:
 * the lab's Fig. 4 and Fig. 5 and the {@code report} command's views share this one code path.
 */
public final class Charts {

    static {
        // Before AWT initialises: servers and CI have no display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and on white. */
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};
    private static final Shape[] SHAPES = DefaultDrawingSupplier.createStandardSeriesShapes();
    private static final Stroke LINE = new BasicStroke(2f);
    private static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{6f, 4f}, 0f);
    private static final Color GRID = new Color(0xDDDDDD);
    private static final int DENSE = 60;

    private Charts() {
    }

    /**
     * One line of a chart.
     *
     * @param panel     the stacked panel it belongs to ("TCP"); series of one panel share a y axis
     * @param name      legend label; one colour and shape per name across panels
     * @param x         x values (values ≤ 0 are left out on a log axis)
     * @param y         y values
     * @param low       lower ends of the error bars, or null for none
     * @param high      upper ends of the error bars, or null for none
     * @param reference a level drawn as a dashed line in the series' colour, NaN for none
     */
    public record Series(String panel, String name, double[] x, double[] y, double[] low, double[] high,
                         double reference) {

        public Series {
            Objects.requireNonNull(panel, "panel");
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || (low != null && low.length != x.length)
                    || (high != null && high.length != x.length)) {
                throw new IllegalArgumentException("series '" + name + "': x, y, low and high differ in length");
            }
        }
    }

    /**
     * What to draw.
     *
     * @param title          chart title
     * @param subtitle       one line under the title (what the bars mean), or null
     * @param xLabel         x axis label with its unit
     * @param logX           whether the x axis is logarithmic (decades labelled 1, 10, 100, 1,000 ...)
     * @param yLabel         y axis label with its unit; each panel's axis is prefixed with the panel name
     * @param referenceLabel legend label of the dashed reference lines
     * @param series         the lines, panels in order of first appearance
     * @param styles         names in the order that assigns colours and shapes, so that a name looks the same in
     *                       every chart of a report; names not listed follow in order of appearance
     */
    public record Spec(String title, String subtitle, String xLabel, boolean logX, String yLabel,
                       String referenceLabel, List<Series> series, List<String> styles) {
    }

    public static JFreeChart chart(Spec spec) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(domainAxis(spec));
        plot.setGap(12);

        Map<String, Integer> order = new LinkedHashMap<>();
        spec.styles().forEach(name -> order.putIfAbsent(name, order.size()));
        spec.series().forEach(s -> order.putIfAbsent(s.name(), order.size()));
        // The legend lists only the names drawn here, in the order of the style list.
        Map<String, Integer> styles = new LinkedHashMap<>();
        order.forEach((name, style) -> {
            if (spec.series().stream().anyMatch(s -> s.name().equals(name))) {
                styles.put(name, style);
            }
        });
        Map<String, List<Series>> panels = new LinkedHashMap<>();
        spec.series().forEach(s -> panels.computeIfAbsent(s.panel(), p -> new ArrayList<>()).add(s));
        panels.forEach((panel, series) -> plot.add(panel(spec, panel, series, styles), 1));

        LegendItemCollection legend = new LegendItemCollection();
        styles.forEach((name, style) -> legend.add(legendItem(name, paint(style), LINE, SHAPES[style % SHAPES.length])));
        if (spec.series().stream().anyMatch(s -> !Double.isNaN(s.reference()))) {
            legend.add(legendItem(spec.referenceLabel(), Color.GRAY, DASHED, null));
        }
        // One entry per name: the panels would otherwise each list the same profiles again.
        plot.setFixedLegendItems(legend);

        JFreeChart chart = new JFreeChart(spec.title(), new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (spec.subtitle() != null) {
            chart.addSubtitle(new TextTitle(spec.subtitle(), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        }
        chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        return chart;
    }

    public static Path write(JFreeChart chart, Path file, int width, int height, ImageFormat format)
            throws IOException {
        if (format == ImageFormat.SVG) {
            SVGGraphics2D svg = new SVGGraphics2D(width, height);
            chart.draw(svg, new Rectangle(width, height));
            SVGUtils.writeToSVG(file.toFile(), svg.getSVGElement());
        } else {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        }
        return file;
    }

    public static Path write(Spec spec, Path file, int width, int height, ImageFormat format) throws IOException {
        return write(chart(spec), file, width, height, format);
    }

    private static ValueAxis domainAxis(Spec spec) {
        Font labels = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font ticks = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        if (spec.logX()) {
            LogAxis axis = new LogAxis(spec.xLabel());
            axis.setBase(10);
            // Tick units of a log axis are exponents: one labelled tick per decade, in plain numbers.
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            axis.setMinorTickMarksVisible(true);
            axis.setSmallestValue(0.5);
            axis.setLabelFont(labels);
            axis.setTickLabelFont(ticks);
            return axis;
        }
        NumberAxis axis = new NumberAxis(spec.xLabel());
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(labels);
        axis.setTickLabelFont(ticks);
        return axis;
    }

    private static XYPlot panel(Spec spec, String panel, List<Series> series, Map<String, Integer> styles) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDrawXError(false);
        // Without intervals every point would get a cap of zero height, which reads as a marker.
        renderer.setDrawYError(series.stream().anyMatch(s -> s.low() != null || s.high() != null));
        renderer.setCapLength(8);
        renderer.setErrorStroke(new BasicStroke(1.2f));
        Set<String> names = new LinkedHashSet<>();
        for (Series s : series) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two series named '" + s.name() + "' in panel '" + panel + "'");
            }
            int style = styles.get(s.name());
            YIntervalSeries line = new YIntervalSeries(s.name(), false, true);
            double minX = Double.NaN;
            double maxX = Double.NaN;
            for (int i = 0; i < s.x().length; i++) {
                if (spec.logX() && s.x()[i] <= 0) {
                    continue; // no place for 0 on a log axis
                }
                double low = s.low() == null || Double.isNaN(s.low()[i]) ? s.y()[i] : s.low()[i];
                double high = s.high() == null || Double.isNaN(s.high()[i]) ? s.y()[i] : s.high()[i];
                line.add(s.x()[i], s.y()[i], low, high);
                minX = Double.isNaN(minX) ? s.x()[i] : Math.min(minX, s.x()[i]);
                maxX = Double.isNaN(maxX) ? s.x()[i] : Math.max(maxX, s.x()[i]);
            }
            int index = data.getSeriesCount();
            data.addSeries(line);
            renderer.setSeriesPaint(index, paint(style));
            renderer.setSeriesShape(index, SHAPES[style % SHAPES.length]);
            // A dense series (a live link's minutes) is a line alone: markers would hide it.
            renderer.setSeriesShapesVisible(index, s.x().length <= DENSE);
            renderer.setSeriesStroke(index, LINE);
            if (!Double.isNaN(s.reference()) && !Double.isNaN(minX)) {
                // A series rather than a marker, so the axis range always takes the level in.
                YIntervalSeries level = new YIntervalSeries(s.name() + " / " + spec.referenceLabel(), false, true);
                level.add(minX, s.reference(), s.reference(), s.reference());
                level.add(maxX, s.reference(), s.reference(), s.reference());
                int levelIndex = data.getSeriesCount();
                data.addSeries(level);
                renderer.setSeriesPaint(levelIndex, paint(style));
                renderer.setSeriesStroke(levelIndex, DASHED);
                renderer.setSeriesShapesVisible(levelIndex, false);
            }
        }
        NumberAxis y = new NumberAxis(panel.isEmpty() ? spec.yLabel() : panel + " " + spec.yLabel());
        y.setAutoRangeIncludesZero(true); // throughput against zero: a drop looks as large as it is
        y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }

    private static Paint paint(int style) {
        return PALETTE[style % PALETTE.length];
    }

    private static LegendItem legendItem(String label, Paint paint, Stroke stroke, Shape shape) {
        return new LegendItem(label, null, null, null, shape != null, shape == null ? new Line2D.Double() : shape,
                true, paint, false, paint, stroke, true, new Line2D.Double(-10, 0, 10, 0), stroke, paint);
    }
}
