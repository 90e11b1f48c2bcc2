package io.overlaywatch.jobs.eval;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.util.List;

/**
 * One real iperf3 run, as captured: for each second of the test, the intervals its streams reported.
 *
 * @param name     short name (the file name without extension)
 * @param protocol TCP or UDP
 * @param side     whose output it is: the TCP sender's (client) or the UDP receiver's (server)
 * @param use      {@code noise} for a run whose throughput held one level (resampled for noise-only runs
 *                 and drop injection), or {@code switch} for a run with a real level change
 * @param seconds  per second of the test, the streams' intervals; warm-up and the final fragment left out
 * @param segments for {@code switch} runs: [from, to) second ranges of the level before and after the change
 * @param command  the iperf3 command that produced it
 */
public record RecordedRun(String name, Protocol protocol, Side side, String use, List<List<Interval>> seconds,
                          int[][] segments, String command) {

    /**
     * One stream's interval.
     *
     * @param stream  iperf3's stream id ([  5])
     * @param seconds interval length
     * @param bps     throughput
     * @param lost    UDP datagrams lost (receiver), else null
     * @param packets UDP datagrams expected (receiver), else null
     */
    public record Interval(String stream, double seconds, double bps, Long lost, Long packets) {
    }

    public boolean isNoise() {
        return "noise".equals(use);
    }

    /** Throughput of one second summed over the streams. */
    public double cumulative(int second) {
        double sum = 0;
        for (Interval i : seconds.get(second)) {
            sum += i.bps();
        }
        return sum;
    }
}
