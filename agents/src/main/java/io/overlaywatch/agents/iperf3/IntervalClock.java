package io.overlaywatch.agents.iperf3;

/** Turns iperf3's interval offsets (seconds since its test start) into epoch milliseconds for one test. */
final class IntervalClock {

    private final long startMillis;
    private double omittedSeconds;

    IntervalClock(long startMillis) {
        this.startMillis = startMillis;
    }

    /** The clock of a test whose interval ending {@code end} seconds after its start ends at {@code nowMillis}. */
    static IntervalClock endingAt(long nowMillis, double end) {
        return new IntervalClock(nowMillis - Math.round(end * 1000));
    }

    long startMillis() {
        return startMillis;
    }

    /**
     * End of an interval in epoch milliseconds. With {@code -O}, iperf3 restarts its interval clock at 0
     * after the omitted warm-up, so the first measured {@code 0.00-1.00} would get the same time as the
     * omitted {@code 0.00-1.00}; measured intervals are therefore shifted by the omitted seconds.
     */
    long timeOf(double end, boolean omitted) {
        if (omitted) {
            omittedSeconds = Math.max(omittedSeconds, end);
            return startMillis + Math.round(end * 1000);
        }
        return startMillis + Math.round((omittedSeconds + end) * 1000);
    }
}
