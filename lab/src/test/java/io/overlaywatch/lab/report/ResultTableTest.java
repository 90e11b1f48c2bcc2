package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    @Test
    void shouldPrintOneTablePerSweepWithIntervalsAndChanges() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultTable.print(SweepFixtures.results(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
                "  #  profile    protocol policies   n          Gbit/s          change vs first\n",
                "  2  linear     tcp        10,000   3     2.00 ± 0.25   -93.4% (-28.17 Gbit/s)\n",
                "  #  profile    protocol     pods   n          Gbit/s          change vs first  fairness\n",
                "  3  hashed     tcp            40   2     1.30 ± 0.00    -48.0% (-1.20 Gbit/s)     0.900\n",
                "  4  hashed     udp             1   1     0.45 ±    -                  (first)     1.000\n");
    }
}
