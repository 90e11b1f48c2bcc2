package io.overlaywatch.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-to-end path: real iperf3 on loopback -> probe agents -> Kafka broker -> Flink job -> InfluxDB -> table. */
class DemoITCase {

    @Test
    void shouldPrintTcpAndUdpStepsWithThroughputReadBackFromInfluxDbAndLeaveNothingRunning(@TempDir Path dir) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new LabMain()).execute("demo", "--loopback", "--duration", "2", "--work-dir", dir.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);

        assertThat(exit).isZero();
        List<String> rows = out.lines().filter(l -> l.matches("^[01] +(tcp|udp) +(sender|receiver) .*")).toList();
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(row -> {
            String[] cols = row.trim().split(" +");
            assertThat(cols[4]).as("streams in %s", row).isEqualTo("1");
            assertThat(Integer.parseInt(cols[5])).as("samples in %s", row).isGreaterThanOrEqualTo(1);
            assertThat(Double.parseDouble(cols[6])).as("mean Gbit/s in %s", row).isPositive();
        });
        // iperf3, influxd: every child process the demo started has been stopped.
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList()).isEmpty();
    }
}
