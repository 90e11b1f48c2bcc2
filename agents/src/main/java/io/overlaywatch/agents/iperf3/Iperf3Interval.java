package io.overlaywatch.agents.iperf3;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

/**
 * One interval line (or JSON interval) of one stream, as iperf3 printed it.
 *
 * @param test          number of the test in the output, from 1
 * @param time          end of the interval, epoch milliseconds
 * @param protocol      TCP or UDP
 * @param side          sender or receiver of the data
 * @param stream        the stream's 5-tuple, client first: {@code 10.1.1.2:54524-10.1.2.2:5201}; {@code SUM} for [SUM]
 * @param sum           whether this is iperf3's sum over parallel streams
 * @param start         interval start, seconds since the test started
 * @param end           interval end, seconds since the test started
 * @param omitted       whether iperf3 marked it as omitted warm-up
 * @param bytes         bytes in the interval
 * @param bitsPerSecond throughput in the interval
 * @param retransmits   TCP sender retransmits, else null
 * @param cwndBytes     TCP sender congestion window, else null
 * @param rttMicros     TCP sender RTT (JSON only), else null
 * @param jitterMs      UDP receiver jitter, else null
 * @param lost          UDP receiver datagrams lost, else null
 * @param packets       UDP datagrams (sent by the sender, expected by the receiver), else null
 */
public record Iperf3Interval(int test, long time, Protocol protocol, Side side, String stream, boolean sum,
                             double start, double end, boolean omitted, long bytes, double bitsPerSecond,
                             Long retransmits, Long cwndBytes, Long rttMicros,
                             Double jitterMs, Long lost, Long packets) implements Iperf3Event {
}
