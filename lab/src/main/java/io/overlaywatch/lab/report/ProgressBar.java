package io.overlaywatch.lab.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a long sweep's progress: step i of n, the step running now, elapsed time and an ETA from the mean
 * step time so far. Redrawn in place on a terminal, one line per step in a log, nothing when quiet.
 */
public final class ProgressBar implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        /** One line redrawn in place with {@code \r}. */
        TERMINAL,
        /** One plain line per step, for logs and CI. */
        LINES,
        /** Nothing. */
        QUIET
    }

    private static final int BAR = 20;
    private static final int DESCRIPTION = 40;

    private final PrintStream out;
    private final int total;
    private final Mode mode;
    private final LongSupplier nanos;
    private final long start;
    private long stepStart;
    private int current;
    private int finished;
    private String description = "";
    private int drawn;
    private boolean closed;

    /**
     * @param out   where to draw, usually stderr
     * @param total steps in the sweep
     * @param mode  how to draw
     * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime}), replaceable in tests
     */
    public ProgressBar(PrintStream out, int total, Mode mode, LongSupplier nanos) {
        this.out = out;
        this.total = total;
        this.mode = mode;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /**
     * On {@code out} (stderr, usually): in place when a terminal is attached, plain lines otherwise,
     * nothing when {@code quiet}.
     */
    public ProgressBar(int total, boolean quiet, PrintStream out) {
        this(out, total, quiet ? Mode.QUIET : System.console() != null ? Mode.TERMINAL : Mode.LINES, System::nanoTime);
    }

    /** Starts the next step. */
    public synchronized void start(String description) {
        current++;
        stepStart = nanos.getAsLong();
        this.description = description;
        if (mode == Mode.LINES) {
            out.println(String.format(Locale.ROOT, "step %d/%d %s (elapsed %s, ETA %s)", current, total, description,
                    clock(elapsed()), eta()));
            out.flush();
        } else {
            draw();
        }
    }

    /** Ends the current step; after the last one, says how long the sweep took. */
    public synchronized void finish() {
        finished = current;
        if (finished >= total) {
            close();
        } else {
            refresh();
        }
    }

    /** Redraws with the time now, e.g. from a timer during a long step; only a terminal shows it. */
    public synchronized void refresh() {
        if (current > 0 && !closed) {
            draw();
        }
    }

    /** Says how long the sweep took, also when it stopped early; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        String done = String.format(Locale.ROOT, "%d/%d steps done in %s", finished, total, clock(elapsed()));
        if (mode == Mode.TERMINAL) {
            overwrite(bar(finished) + " " + done);
            out.println();
        } else if (mode == Mode.LINES) {
            out.println(done);
        }
        out.flush();
    }

    private void draw() {
        if (mode != Mode.TERMINAL) {
            return;
        }
        String text = description.length() > DESCRIPTION ? description.substring(0, DESCRIPTION - 1) + "…" : description;
        overwrite(String.format(Locale.ROOT, "%s %d/%d %s  elapsed %s  ETA %s", bar(finished), current, total, text,
                clock(elapsed()), eta()));
    }

    /** Pads to the last line's length, so that a shorter line leaves nothing of the longer one behind. */
    private void overwrite(String line) {
        out.print('\r' + line + " ".repeat(Math.max(0, drawn - line.length())));
        drawn = line.length();
        out.flush();
    }

    private String bar(int steps) {
        int filled = total == 0 ? BAR : Math.min(BAR, steps * BAR / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
    }

    /**
     * Mean time per finished step times the steps not finished, less what the running step already took.
     * The mean counts the time between steps too (topology, rules), since the sweep spends it as well.
     */
    private String eta() {
        if (finished == 0) {
            return "--:--";
        }
        long now = nanos.getAsLong();
        long upToStep = current > finished ? stepStart : now;
        double mean = (double) (upToStep - start) / finished;
        long left = (long) (mean * (total - finished)) - (now - upToStep);
        return clock(Duration.ofNanos(Math.max(0, left)));
    }

    private Duration elapsed() {
        return Duration.ofNanos(nanos.getAsLong() - start);
    }

    /** "04:05", or "1:02:03" from an hour on. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
