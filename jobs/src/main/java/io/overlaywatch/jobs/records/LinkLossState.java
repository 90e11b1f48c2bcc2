package io.overlaywatch.jobs.records;

/** State of the UDP loss detector of one link. */
public class LinkLossState {

    /** Whether a LOSS alert is firing. */
    public boolean firing;
    /** Consecutive windows at or below the threshold while firing. */
    public int clearStreak;
    /** Highest loss % seen in the episode. */
    public double worstPct;
    /** End of the last window judged, epoch ms. */
    public long lastEnd = Long.MIN_VALUE;
    /** Run and loss of the last window, for an episode closed by inactivity. */
    public String run;
    public double lastPct;
    /** The inactivity timer registered for this link, or 0. */
    public long timer;
}
