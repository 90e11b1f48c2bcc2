package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkChangeState;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Finds sustained throughput drops in a series of window values: the pure core shared by
 * {@link LinkChangeDetector} and the detection evaluation, so that what is evaluated is what runs.
 *
 * <p>Each value is standardised against a robust baseline (median and MAD of the last normal windows),
 * and a one-sided CUSUM accumulates the standardised drops. An episode opens (FIRING) only when three
 * things hold at once: the drop is significant (CUSUM above {@code h}), material (each of the last
 * {@code windows} windows is at least about {@code minDropPct} below the median, see {@link #gatePct}),
 * and sustained (those windows are consecutive). It closes (RESOLVED) after {@code windows} consecutive
 * windows within {@code minDropPct / 2} of the baseline frozen when it opened. Windows of a drop never
 * enter the baseline, so a long episode cannot teach the detector that the drop is normal.
 */
public final class CusumDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Scale that makes the MAD a consistent estimate of the standard deviation of normal noise. */
    static final double MAD_TO_SIGMA = 1.4826;
    /** A window whose drop is within this many sigmas of {@code minDropPct} still counts as a drop of that size. */
    static final double GATE_SIGMAS = 3.0;

    /**
     * How the detector decides.
     *
     * @param baselineWindows normal windows the median and MAD are taken over; detection starts once there are as many
     * @param k               CUSUM allowance, in robust sigmas: drops smaller than this are forgotten
     * @param h               CUSUM threshold, in robust sigmas; a single window adds at most {@code h}, so one outlier never alerts
     * @param minDropPct      smallest drop worth an alert, in % of the baseline median
     * @param windows         consecutive windows a drop must last to alert, and a recovery to resolve
     * @param minSigmaPct     floor of the robust sigma, in % of the median: a very steady link does not turn 1% wiggles into huge scores
     */
    public record Settings(int baselineWindows, double k, double h, double minDropPct, int windows,
                           double minSigmaPct) implements Serializable {

        // Tuned with `overlaywatch eval detection` on real iperf3 runs (see DetectionEvaluation): 60 windows
        // estimate the noise well enough for h=3.5 to stay under 1 false alert per 1,000 windows.
        public static final int DEFAULT_BASELINE_WINDOWS = 60;
        public static final double DEFAULT_K = 1.0;
        public static final double DEFAULT_H = 3.5;
        public static final double DEFAULT_MIN_DROP_PCT = 10.0;
        public static final int DEFAULT_WINDOWS = 2;
        public static final double DEFAULT_MIN_SIGMA_PCT = 1.0;

        public Settings {
            if (baselineWindows < 3) {
                throw new IllegalArgumentException("baseline windows must be at least 3, was " + baselineWindows);
            }
            if (!(k >= 0) || !(h > 0)) {
                throw new IllegalArgumentException("CUSUM k must be >= 0 and h > 0, were k=" + k + " h=" + h);
            }
            if (!(minDropPct > 0 && minDropPct < 100)) {
                throw new IllegalArgumentException("minimum drop must be between 0 and 100 %, was " + minDropPct);
            }
            if (windows < 1 || windows > baselineWindows) {
                throw new IllegalArgumentException("windows must be between 1 and the baseline windows ("
                        + baselineWindows + "), was " + windows);
            }
            if (!(minSigmaPct >= 0)) {
                throw new IllegalArgumentException("sigma floor must be >= 0 %, was " + minSigmaPct);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_BASELINE_WINDOWS, DEFAULT_K, DEFAULT_H, DEFAULT_MIN_DROP_PCT,
                    DEFAULT_WINDOWS, DEFAULT_MIN_SIGMA_PCT);
        }

        /**
         * Normal windows needed before the detector judges: the whole baseline. A MAD of fewer windows
         * underestimates the noise often enough to double the false alerts of a link's first hour.
         */
        public int warmupWindows() {
            return baselineWindows;
        }
    }

    /** What one window changed. */
    public enum Kind {
        /** Not judged: the baseline is still filling, or the value is not a number. */
        WARMING_UP,
        /** Normal window, or a drop not (yet) worth an alert. */
        NONE,
        /** An episode opened with this window. */
        FIRING,
        /** An episode is open and goes on. */
        ONGOING,
        /** The episode closed with this window. */
        RESOLVED
    }

    /**
     * The outcome of one window.
     *
     * @param kind      what happened
     * @param observed  FIRING: mean of the drop's windows; RESOLVED: mean of the recovery's windows; else the value
     * @param baseline  median of the baseline (frozen during an episode), 0 while warming up
     * @param sigma     robust sigma of the baseline (floored), 0 while warming up
     * @param changePct change of observed against baseline, %
     * @param score     CUSUM statistic, in sigmas (for RESOLVED: at the episode's opening)
     * @param windows   FIRING: windows the drop lasted; ONGOING/RESOLVED: windows since the episode opened
     */
    public record Decision(Kind kind, double observed, double baseline, double sigma, double changePct,
                           double score, int windows) {
    }

    private final Settings settings;

    public CusumDetector(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Judges one window's value and updates the state. */
    public Decision update(LinkChangeState s, double value) {
        ensureCapacity(s);
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
            return new Decision(Kind.WARMING_UP, value, 0, 0, 0, s.cusum, 0);
        }
        if (s.firing) {
            return duringEpisode(s, value);
        }
        if (s.baselineSize < settings.warmupWindows()) {
            addToBaseline(s, value);
            return new Decision(Kind.WARMING_UP, value, 0, 0, 0, 0, 0);
        }
        double median = median(s.baseline, s.baselineSize);
        if (median <= 0) {
            // Nothing to drop from: zero throughput is the stall detector's business.
            addToBaseline(s, value);
            return new Decision(Kind.NONE, value, median, 0, 0, s.cusum, 0);
        }
        double sigma = sigma(s.baseline, s.baselineSize, median);
        // One window adds at most h to the statistic, so no single window, however bad, crosses h alone,
        // and an outlier does not keep the statistic high for long after it.
        double z = Math.min((median - value) / sigma, settings.h + settings.k);
        s.cusum = Math.max(0, s.cusum + z - settings.k);
        double dropPct = 100 * (median - value) / median;
        if (dropPct >= gatePct(median, sigma)) {
            pushPending(s, value);
            if (s.cusum > settings.h && s.pendingSize >= settings.windows) {
                double observed = mean(s.pending, s.pendingSize);
                int lasted = s.pendingSize;
                s.firing = true;
                s.episodeBaseline = median;
                s.episodeSigma = sigma;
                s.episodeWindows = lasted;
                s.recoveredStreak = 0;
                s.recoveredSum = 0;
                // The drop's windows are the episode's, never the baseline's.
                s.pendingSize = 0;
                return new Decision(Kind.FIRING, observed, median, sigma, changePct(observed, median), s.cusum,
                        lasted);
            }
            return new Decision(Kind.NONE, value, median, sigma, changePct(value, median), s.cusum, 0);
        }
        // The streak ended without an alert: its windows were noise after all and join the baseline.
        flushPending(s);
        addToBaseline(s, value);
        return new Decision(Kind.NONE, value, median, sigma, changePct(value, median), s.cusum, 0);
    }

    /**
     * Smallest drop, in %, for which a window counts towards an episode: {@code minDropPct}, less what
     * the noise explains ({@link #GATE_SIGMAS} sigmas), but never less than half of it. A drop of exactly
     * {@code minDropPct} is then caught despite noise, and a drop of half of it never is.
     */
    public double gatePct(double median, double sigma) {
        double sigmaPct = 100 * sigma / median;
        return settings.minDropPct - Math.min(settings.minDropPct / 2, GATE_SIGMAS * sigmaPct);
    }

    private Decision duringEpisode(LinkChangeState s, double value) {
        s.episodeWindows++;
        double base = s.episodeBaseline;
        double dropPct = 100 * (base - value) / base;
        if (dropPct < settings.minDropPct / 2) {
            s.recoveredStreak++;
            s.recoveredSum += value;
            pushPending(s, value);
        } else {
            s.recoveredStreak = 0;
            s.recoveredSum = 0;
            s.pendingSize = 0;
        }
        if (s.recoveredStreak < settings.windows) {
            return new Decision(Kind.ONGOING, value, base, s.episodeSigma, changePct(value, base), s.cusum,
                    s.episodeWindows);
        }
        double observed = s.recoveredSum / s.recoveredStreak;
        double score = s.cusum;
        int lasted = s.episodeWindows;
        s.firing = false;
        s.cusum = 0;
        s.recoveredStreak = 0;
        s.recoveredSum = 0;
        s.episodeWindows = 0;
        // The recovery's windows are normal again.
        flushPending(s);
        return new Decision(Kind.RESOLVED, observed, base, s.episodeSigma, changePct(observed, base), score, lasted);
    }

    /** Median of the current baseline; 0 when empty. */
    public static double baselineMedian(LinkChangeState s) {
        return s.baselineSize == 0 ? 0 : median(s.baseline, s.baselineSize);
    }

    private double sigma(double[] values, int n, double median) {
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        double mad = median(deviations, n);
        double robust = MAD_TO_SIGMA * mad;
        return Math.max(robust, Math.max(settings.minSigmaPct / 100 * median, Double.MIN_NORMAL));
    }

    /** Median of {@code values[0..n)}. */
    public static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mean(double[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return sum / n;
    }

    private static double changePct(double observed, double baseline) {
        return baseline == 0 ? 0 : 100 * (observed - baseline) / baseline;
    }

    private void ensureCapacity(LinkChangeState s) {
        int n = settings.baselineWindows;
        if (s.baseline.length != n) {
            // Settings changed across a restore: keep the newest values that still fit.
            double[] ring = new double[n];
            int keep = Math.min(s.baselineSize, n);
            for (int i = 0; i < keep; i++) {
                int from = Math.floorMod(s.baselineNext - keep + i, Math.max(1, s.baseline.length));
                ring[i] = s.baseline[from];
            }
            s.baseline = ring;
            s.baselineSize = keep;
            s.baselineNext = keep % n;
            s.pending = Arrays.copyOf(s.pending, n);
            s.pendingSize = Math.min(s.pendingSize, n);
        }
    }

    private void addToBaseline(LinkChangeState s, double value) {
        s.baseline[s.baselineNext] = value;
        s.baselineNext = (s.baselineNext + 1) % s.baseline.length;
        s.baselineSize = Math.min(s.baselineSize + 1, s.baseline.length);
    }

    private void pushPending(LinkChangeState s, double value) {
        if (s.pendingSize == s.pending.length) {
            // A drop longer than the baseline that never alerted is the new normal: the oldest part joins the baseline.
            addToBaseline(s, s.pending[0]);
            System.arraycopy(s.pending, 1, s.pending, 0, s.pendingSize - 1);
            s.pendingSize--;
        }
        s.pending[s.pendingSize++] = value;
    }

    private void flushPending(LinkChangeState s) {
        for (int i = 0; i < s.pendingSize; i++) {
            addToBaseline(s, s.pending[i]);
        }
        s.pendingSize = 0;
    }
}
