package io.overlaywatch.lab.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartsTest {

    private static final double[] X = {0, 1, 10, 10_000};
    private static final double[] Y = {31, 30, 25, 2};

    @Test
    void shouldStackOnePanelPerProtocolOnALogAxisWithOneLegendEntryPerName() {
        JFreeChart chart = Charts.chart(spec(true, List.of(
                new Charts.Series("TCP", "linear", X, Y, null, null, Double.NaN),
                new Charts.Series("TCP", "hashed", X, Y, null, null, Double.NaN),
                new Charts.Series("UDP", "linear", X, Y, null, null, 0.5))));

        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        assertThat(plot.getDomainAxis()).isInstanceOf(LogAxis.class);
        assertThat(plot.getSubplots()).hasSize(2);
        XYPlot tcp = plot.getSubplots().get(0);
        assertThat(tcp.getRangeAxis().getLabel()).isEqualTo("TCP throughput (Gbit/s)");
        // 0 has no place on a log axis.
        assertThat(tcp.getDataset().getItemCount(0)).isEqualTo(3);
        List<String> legend = new ArrayList<>();
        for (int i = 0; i < plot.getLegendItems().getItemCount(); i++) {
            legend.add(plot.getLegendItems().get(i).getLabel());
        }
        assertThat(legend).containsExactly("linear", "hashed", "expected");
    }

    @Test
    void shouldGiveANameTheColourOfItsPlaceInTheStyleList() {
        Charts.Spec spec = new Charts.Spec("t", null, "x", false, "y", "expected",
                List.of(new Charts.Series("", "hashed", X, Y, null, null, Double.NaN)), List.of("linear", "hashed"));

        LegendItem item = ((CombinedDomainXYPlot) Charts.chart(spec).getPlot()).getLegendItems().get(0);
        assertThat(item.getLinePaint()).isEqualTo(new java.awt.Color(0xD55E00));
    }

    @Test
    void shouldRefuseTwoSeriesOfOneNameInOnePanel() {
        Charts.Spec spec = spec(false, List.of(new Charts.Series("TCP", "linear", X, Y, null, null, Double.NaN),
                new Charts.Series("TCP", "linear", X, Y, null, null, Double.NaN)));

        assertThatThrownBy(() -> Charts.chart(spec)).hasMessageContaining("two series named 'linear'");
    }

    @Test
    void shouldWriteAPngOfTheAskedSize(@TempDir Path dir) throws Exception {
        Path png = Charts.write(spec(false, List.of(new Charts.Series("TCP", "linear", X, Y,
                new double[]{30, 29, 24, 1}, new double[]{32, 31, 26, 3}, Double.NaN))), dir.resolve("c.png"), 640, 480,
                ImageFormat.PNG);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
    }

    @Test
    void shouldWriteTheSameChartAsAnSvgOfTheAskedSize(@TempDir Path dir) throws Exception {
        Path svg = Charts.write(spec(false, List.of(new Charts.Series("TCP", "linear", X, Y, null, null, 20))),
                dir.resolve("c.svg"), 640, 480, ImageFormat.SVG);

        org.w3c.dom.Element root = parseOffline(svg);
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(Double.parseDouble(root.getAttribute("width"))).isEqualTo(640);
        assertThat(Double.parseDouble(root.getAttribute("height"))).isEqualTo(480);
        assertThat(java.nio.file.Files.readString(svg)).contains("title").contains("linear");
    }

    /** Parses an SVG without fetching the DTD its DOCTYPE names: tests never leave this machine. */
    static org.w3c.dom.Element parseOffline(Path svg) throws Exception {
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
    }

    private static Charts.Spec spec(boolean logX, List<Charts.Series> series) {
        return new Charts.Spec("title", "subtitle", "policies", logX, "throughput (Gbit/s)", "expected", series,
                List.of());
    }
}
