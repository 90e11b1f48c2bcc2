package io.overlaywatch.lab.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * One goal of a benchmark and whether the measurement met it.
 *
 * @param name     what the goal says
 * @param measured the measured value
 * @param bound    the bound it must meet
 * @param unit     the unit of both
 * @param met      whether it was met
 */
public record Goal(String name, double measured, double bound, String unit, boolean met) {

    static Goal atLeast(String name, double measured, double bound, String unit) {
        return new Goal(name, measured, bound, unit, measured >= bound);
    }

    static Goal atMost(String name, double measured, double bound, String unit) {
        return new Goal(name, measured, bound, unit, measured <= bound);
    }

    /** One line per goal: MET or NOT MET, the goal, the measured value. */
    static void print(List<Goal> goals, PrintStream out) {
        for (Goal g : goals) {
            out.printf("%-7s  %s: measured %s %s%n", g.met() ? "MET" : "NOT MET", g.name(), number(g.measured()),
                    g.unit());
        }
    }

    private static String number(double value) {
        return Math.abs(value) >= 1000 ? String.format("%,.0f", value) : String.format("%.3g", value);
    }
}
