package io.overlaywatch.model;

import java.util.List;

/**
 * One iperf3 interval of one stream, as reported by the sender or the receiver.
 *
 * @param v             schema version
 * @param time          end of the interval, epoch milliseconds
 * @param step          the step this sample belongs to
 * @param side          which end reported it
 * @param clientPod     the iperf3 client (pod, or lab namespace)
 * @param serverPod     the iperf3 server
 * @param srcNode       node of the client
 * @param dstNode       node of the server
 * @param stream        the stream's 5-tuple ({@code SUM} for iperf3's sum over parallel streams)
 * @param sum           whether this is iperf3's {@code [SUM]} over parallel streams
 * @param start         interval start, seconds since the test started
 * @param end           interval end, seconds since the test started
 * @param omitted       whether iperf3 marked the interval as omitted warm-up ({@code -O})
 * @param bytes         bytes transferred in the interval
 * @param bitsPerSecond throughput in the interval
 * @param retransmits   TCP retransmits (sender only), else null
 * @param cwndBytes     TCP congestion window (sender only), else null
 * @param rttMicros     TCP smoothed RTT (JSON output only), else null
 * @param jitterMs      UDP jitter (receiver only), else null
 * @param lost          UDP datagrams lost (receiver only), else null
 * @param packets       UDP datagrams sent or expected, else null
 * @param congestion    TCP congestion control asked for ({@code -C}), null when the host default
 * @param affinity      CPU pinning asked for ({@code -A}), null when unpinned
 */
public record Sample(int v, long time, StepKey step, Side side,
                     String clientPod, String serverPod, String srcNode, String dstNode,
                     String stream, boolean sum, double start, double end, boolean omitted,
                     long bytes, double bitsPerSecond,
                     Long retransmits, Long cwndBytes, Long rttMicros,
                     Double jitterMs, Long lost, Long packets,
                     String congestion, String affinity) implements WireRecord {

    /** Stream id that marks iperf3's sum over parallel streams. */
    public static final String SUM_STREAM = "SUM";

    /** The Kafka key: one stream of one client in one run stays on one partition, in order. */
    public String partitionKey() {
        return step.run() + '|' + clientPod + '|' + side.wireName() + '|' + stream;
    }

    @Override
    public List<String> problems() {
        List<String> problems = Checks.stepRecord(v, time, step);
        Checks.present(problems, "side", side);
        Checks.name(problems, "clientPod", clientPod);
        Checks.name(problems, "serverPod", serverPod);
        Checks.name(problems, "srcNode", srcNode);
        Checks.name(problems, "dstNode", dstNode);
        Checks.name(problems, "stream", stream);
        Checks.nonNegative(problems, "start", start);
        Checks.nonNegative(problems, "end", end);
        if (end < start) {
            problems.add("end " + end + " is before start " + start);
        }
        Checks.nonNegative(problems, "bytes", bytes);
        Checks.nonNegative(problems, "bitsPerSecond", bitsPerSecond);
        Checks.nonNegative(problems, "retransmits", retransmits);
        Checks.nonNegative(problems, "cwndBytes", cwndBytes);
        Checks.nonNegative(problems, "rttMicros", rttMicros);
        Checks.nonNegative(problems, "jitterMs", jitterMs);
        Checks.nonNegative(problems, "lost", lost);
        Checks.nonNegative(problems, "packets", packets);
        return problems;
    }
}
