package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Side;

/**
 * Throughput of one link over one event-time window: the mean, over the window's intervals, of the
 * throughput summed over the link's concurrent streams in each interval.
 *
 * @param key        the link, see {@link #keyOf(Sample)}; also the alert key
 * @param run        run of the window's latest sample ({@code live} for continuous probing)
 * @param srcNode    node of the clients
 * @param dstNode    node of the servers
 * @param cni        the CNI or lab profile
 * @param protocol   TCP or UDP
 * @param side       whose samples: the sender's for TCP, the receiver's for UDP
 * @param start      window start, epoch ms (inclusive)
 * @param end        window end, epoch ms (exclusive); the time of alerts about this window
 * @param meanBps    time-weighted mean over the intervals of the per-interval sum over streams, bit/s
 * @param intervals  distinct intervals (seconds) with at least one sample
 * @param samples    per-stream samples aggregated
 * @param maxStreams most streams seen in one interval
 * @param lost       UDP datagrams lost (receiver), 0 for TCP
 * @param packets    UDP datagrams expected (receiver), 0 for TCP
 */
public record LinkWindow(String key, String run, String srcNode, String dstNode, String cni, Protocol protocol,
                         Side side, long start, long end, double meanBps, int intervals, long samples,
                         int maxStreams, long lost, long packets) {

    /** The link a sample belongs to, as alerts name it: {@code link node-a>node-b/calico/tcp}. */
    public static String keyOf(Sample sample) {
        return keyOf(sample.srcNode(), sample.dstNode(), sample.step().cni(), sample.step().protocol());
    }

    public static String keyOf(String srcNode, String dstNode, String cni, Protocol protocol) {
        return "link " + srcNode + ">" + dstNode + "/" + cni + "/" + protocol.wireName();
    }

    /** UDP loss in % of the datagrams expected, 0 when none were counted. */
    public double lossPct() {
        return packets == 0 ? 0 : 100.0 * lost / packets;
    }

    /** Window length in ms. */
    public long length() {
        return end - start;
    }
}
