package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    @Test
    void shouldPrintOnePlainLinePerStepWithAnEtaFromTheMeanStepTime() {
        ProgressBar bar = new ProgressBar(out, 3, ProgressBar.Mode.LINES, now::get);

        bar.start("linear tcp 1 policy rep 1");
        advance(10);
        bar.finish();
        advance(2); // between steps: topology and rules, which the sweep spends too
        bar.start("linear tcp 10,000 policies rep 1");
        advance(20);
        bar.finish();
        bar.start("linear udp 1 policy rep 1");
        advance(8);
        bar.finish();

        // Step 2 starts at 12 s after 1 finished step: 12 s per step, 2 steps left -> 24 s.
        // Step 3 starts at 32 s after 2: 16 s per step, 1 left -> 16 s.
        assertThat(text()).isEqualTo("""
                step 1/3 linear tcp 1 policy rep 1 (elapsed 00:00, ETA --:--)
                step 2/3 linear tcp 10,000 policies rep 1 (elapsed 00:12, ETA 00:24)
                step 3/3 linear udp 1 policy rep 1 (elapsed 00:32, ETA 00:16)
                3/3 steps done in 00:40
                """);
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() {
        ProgressBar bar = new ProgressBar(out, 2, ProgressBar.Mode.TERMINAL, now::get);

        bar.start("a long first step");
        advance(5);
        bar.finish();
        bar.start("short");
        advance(5);
        bar.finish();

        String[] lines = text().split("\r");
        assertThat(lines).hasSize(5); // before the first \r nothing; then start, finish, start, done
        assertThat(lines[1]).isEqualTo("[--------------------] 1/2 a long first step  elapsed 00:00  ETA --:--");
        assertThat(lines[2]).isEqualTo("[##########----------] 1/2 a long first step  elapsed 00:05  ETA 00:05");
        // A shorter line is padded over the longer one it replaces.
        assertThat(lines[3]).startsWith("[##########----------] 2/2 short  elapsed 00:05  ETA 00:05 ")
                .hasSameSizeAs(lines[2]);
        assertThat(lines[4]).startsWith("[####################] 2/2 steps done in 00:10").endsWith(" \n");
        assertThat(String.join("", lines[1], lines[2], lines[3])).doesNotContain("\n");
    }

    @Test
    void shouldPrintNothingWhenQuiet() {
        try (ProgressBar bar = new ProgressBar(out, 2, ProgressBar.Mode.QUIET, now::get)) {
            bar.start("step");
            bar.finish();
            bar.refresh();
        }

        assertThat(bytes.size()).isZero();
    }

    @Test
    void shouldSayHowFarItGotWhenClosedEarly() {
        ProgressBar bar = new ProgressBar(out, 5, ProgressBar.Mode.LINES, now::get);
        bar.start("one");
        advance(3);
        bar.finish();
        bar.start("two, which fails");
        bar.close();
        bar.close();

        assertThat(text()).endsWith("1/5 steps done in 00:03\n");
    }

    @Test
    void shouldShowHoursOnlyFromAnHourOn() {
        assertThat(ProgressBar.clock(Duration.ofSeconds(245))).isEqualTo("04:05");
        assertThat(ProgressBar.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
