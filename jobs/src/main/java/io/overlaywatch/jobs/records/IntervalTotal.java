package io.overlaywatch.jobs.records;

/** Throughput of one interval summed over the streams that reported it so far. */
public class IntervalTotal {

    public double bitsPerSecond;
    public int streams;
    public long time = Long.MIN_VALUE;

    public void add(double bps, long sampleTime) {
        bitsPerSecond += bps;
        streams++;
        time = Math.max(time, sampleTime);
    }
}
