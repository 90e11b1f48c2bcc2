package io.overlaywatch.jobs.records;

/** Running count, sum, sum of squares, min and max of per-stream throughput: enough for mean and stddev. */
public class StreamMoments {

    public long count;
    public double sum;
    public double sumOfSquares;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public long firstTime = Long.MAX_VALUE;
    public long lastTime = Long.MIN_VALUE;

    public void add(double value, long time) {
        count++;
        sum += value;
        sumOfSquares += value * value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        firstTime = Math.min(firstTime, time);
        lastTime = Math.max(lastTime, time);
    }

    public double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /** Sample standard deviation; 0 for fewer than two values. */
    public double stddev() {
        if (count < 2) {
            return 0;
        }
        double variance = (sumOfSquares - sum * sum / count) / (count - 1);
        // Rounding can make a zero variance slightly negative.
        return Math.sqrt(Math.max(0, variance));
    }
}
