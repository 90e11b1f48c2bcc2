package io.overlaywatch.jobs.records;

/**
 * State of the change detector of one link, bounded by the baseline length: the last windows that
 * were normal, the windows of a drop that has not alerted yet, the CUSUM statistic and the episode.
 * Public fields and primitive arrays, so that Flink serialises it as a POJO.
 */
public class LinkChangeState {

    /** Ring of the last normal windows' values: {@code baseline[0..baselineSize)}, next write at {@code baselineNext}. */
    public double[] baseline = new double[0];
    public int baselineSize;
    public int baselineNext;

    /** Values of the current streak of degraded windows, oldest first; kept out of the baseline until judged. */
    public double[] pending = new double[0];
    public int pendingSize;

    /** One-sided CUSUM of standardised drops. */
    public double cusum;

    /** Whether a drop episode is open (a FIRING alert was sent and no RESOLVED yet). */
    public boolean firing;
    /** Baseline median and robust sigma frozen when the episode opened. */
    public double episodeBaseline;
    public double episodeSigma;
    /** Windows since the episode opened. */
    public int episodeWindows;
    /** Values of the current streak of recovered windows during an episode. */
    public double recoveredSum;
    public int recoveredStreak;

    /** End of the last window judged, epoch ms (windows at or before it are duplicates). */
    public long lastEnd = Long.MIN_VALUE;
    /** Run and value of the last window, for an episode closed by inactivity. */
    public String run;
    public double lastValue;
    /** The inactivity timer registered for this link, or 0. */
    public long timer;
}
