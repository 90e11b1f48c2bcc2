package io.overlaywatch.jobs.records;

import java.util.Arrays;

/**
 * The recent readings of one counter of a run, oldest first, in two parallel arrays so that Flink
 * serialises them as primitive arrays. Kept small: see {@link #trim(long, int)}.
 */
public class CounterSeries {

    public String node;
    public String source;
    public String name;
    public String labels;
    public long[] times = new long[0];
    public double[] values = new double[0];

    public CounterSeries() {
    }

    public CounterSeries(String node, String source, String name, String labels) {
        this.node = node;
        this.source = source;
        this.name = name;
        this.labels = labels;
    }

    /** Adds a reading in time order; a second reading at the same time replaces the first. */
    public void add(long time, double value) {
        int at = Arrays.binarySearch(times, time);
        if (at >= 0) {
            values[at] = value;
            return;
        }
        int insert = -at - 1;
        long[] t = new long[times.length + 1];
        double[] v = new double[values.length + 1];
        System.arraycopy(times, 0, t, 0, insert);
        System.arraycopy(values, 0, v, 0, insert);
        t[insert] = time;
        v[insert] = value;
        System.arraycopy(times, insert, t, insert + 1, times.length - insert);
        System.arraycopy(values, insert, v, insert + 1, values.length - insert);
        times = t;
        values = v;
    }

    /**
     * Drops readings older than {@code oldest}, except the newest of them (it is the reading before a
     * step that began before {@code oldest}), and keeps at most {@code max} readings.
     */
    public void trim(long oldest, int max) {
        int from = 0;
        while (from + 1 < times.length && times[from + 1] <= oldest) {
            from++;
        }
        from = Math.max(from, times.length - max);
        if (from > 0) {
            times = Arrays.copyOfRange(times, from, times.length);
            values = Arrays.copyOfRange(values, from, values.length);
        }
    }

    /** Index of the last reading at or before {@code time}, or -1. */
    public int lastAtOrBefore(long time) {
        int at = Arrays.binarySearch(times, time);
        return at >= 0 ? at : -at - 2;
    }

    /** Index of the first reading after {@code after} and at or before {@code until}, or -1. */
    public int firstIn(long after, long until) {
        int next = lastAtOrBefore(after) + 1;
        return next < times.length && times[next] <= until ? next : -1;
    }

    public long newest() {
        return times.length == 0 ? Long.MIN_VALUE : times[times.length - 1];
    }
}
