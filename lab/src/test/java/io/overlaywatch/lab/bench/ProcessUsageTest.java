package io.overlaywatch.lab.bench;

import io.overlaywatch.embedded.Await;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessUsageTest {

    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            VmPeak:\t 2790228 kB
            VmHWM:\t   61440 kB
            VmRSS:\t   52224 kB
            Threads:\t19
            """;

    @Test
    void shouldReadRssAndPeakRssAndUserPlusSystemTicks() {
        // A command name with a space and a parenthesis, as a thread may set it: fields are counted from the last ')'.
        String stat = "4242 (java (agent) x) S 1 4242 4242 0 -1 4194560 9000 0 3 0 250 37 5 7 20 0 19 0 123 "
                + "2857193472 13056 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

        ProcessUsage usage = ProcessUsage.parse(STATUS, stat);

        assertThat(usage).isEqualTo(new ProcessUsage(52224, 61440, 287));
        assertThat(usage.cpuSeconds()).isEqualTo(2.87);
    }

    @Test
    void shouldNameWhatIsMissing() {
        assertThatThrownBy(() -> ProcessUsage.parse("Name:\tjava\n", "1 (x) S 1"))
                .hasMessageContaining("VmRSS");
        assertThatThrownBy(() -> ProcessUsage.parse(STATUS, "1 (x) S 1 2"))
                .hasMessageContaining("too few fields");
    }

    @Test
    void shouldAddUpTheThreadsOfOneOperatorOrOnePool() throws Exception {
        assertThat(ThreadCpu.fold("GC Thread#12")).isEqualTo(ThreadCpu.fold("GC Thread#3")).isEqualTo("GC Thread#N");

        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        ThreadCpu before = ThreadCpu.now();
        long end = mx.getCurrentThreadCpuTime() + 200_000_000L;
        double spin = 0;
        while (mx.getCurrentThreadCpuTime() < end) {
            spin += Math.sqrt(spin + 1); // 0.2 s of this thread's own CPU time, however busy the machine is
        }
        java.util.Map<String, Double> used = ThreadCpu.now().since(before, 3);

        assertThat(spin).isPositive();
        assertThat(used).hasSizeLessThanOrEqualTo(3);
        assertThat(used.values().iterator().next()).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void shouldTellAProcessThatHasExitedButIsNotReapedFromAMalformedStatus() throws Exception {
        // The shell's background child exits a second later, when its parent has become sleep, which never reaps it
        // (a child that exits before the exec may be reaped by the shell).
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(
                    parent.getInputStream())).readLine().trim());
            Path status = Path.of("/proc", Long.toString(zombie), "status");
            Await.until("the child to exit", Duration.ofSeconds(10),
                    () -> Files.readString(status).contains("State:\tZ"));

            assertThatThrownBy(() -> ProcessUsage.of(zombie)).isInstanceOf(IOException.class)
                    .hasMessageContaining("has exited");
        } finally {
            parent.destroy();
        }
    }

    @Test
    void shouldReadThisProcess() throws IOException {
        ProcessUsage self = ProcessUsage.of(ProcessHandle.current().pid());

        assertThat(self.rssKiB()).isPositive().isLessThanOrEqualTo(self.peakRssKiB());
        assertThat(self.cpuTicks()).isPositive();
    }
}
