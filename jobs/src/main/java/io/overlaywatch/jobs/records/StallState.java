package io.overlaywatch.jobs.records;

/** State of the stall detector of one stream: how long it has moved nothing, and whether that was alerted. */
public class StallState {

    /** Consecutive intervals with zero throughput. */
    public int zeroIntervals;
    /** Time of the first of them, epoch ms. */
    public long zeroSince;
    /** Throughput of the last interval that moved data, bit/s (0 before any). */
    public double lastMovingBps;
    /** Whether a STALL alert is firing for this stream. */
    public boolean firing;
    /** Start (seconds into the test) of the last interval seen: a replayed interval is not counted twice. */
    public double lastStart = -1;
    /** Time of the last sample, epoch ms. */
    public long lastTime;
    /** The alert key and run of the stream, for an episode closed by inactivity. */
    public String key;
    public String run;
    /** The idle timer registered for this stream, or 0. */
    public long timer;
}
