package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

/** Live samples and link windows for the link tests: node-a to node-b on calico, one interval per second from {@link #T0}. */
final class LinkTestData {

    /** 2026-11-26T10:00:00Z, a whole minute: windows of one minute start here. */
    static final long T0 = 1_795_687_200_000L;
    static final long MINUTE = 60_000L;
    static final String TCP_LINK = "link node-a>node-b/calico/tcp";
    static final String UDP_LINK = "link node-a>node-b/calico/udp";

    private LinkTestData() {
    }

    static StepKey live(Protocol protocol) {
        return new StepKey("live", Scenario.LIVE, "calico", protocol, 0, 0, 1, 1);
    }

    /** Interval {@code second} (0-based) of a TCP sender stream, ending at T0 + (second+1) s. */
    static Sample tcp(String stream, int second, double bps) {
        return new Sample(WireRecord.VERSION, T0 + (second + 1) * 1000L, live(Protocol.TCP), Side.SENDER,
                "client-1", "server-1", "node-a", "node-b", stream, false, second, second + 1.0, false,
                (long) (bps / 8), bps, 0L, 1_000_000L, null, null, null, null, "cubic", null);
    }

    /** Interval {@code second} of a UDP receiver stream with its loss. */
    static Sample udp(String stream, int second, double bps, long lost, long packets) {
        return new Sample(WireRecord.VERSION, T0 + (second + 1) * 1000L, live(Protocol.UDP), Side.RECEIVER,
                "client-1", "server-1", "node-a", "node-b", stream, false, second, second + 1.0, false,
                (long) (bps / 8), bps, null, null, null, 0.01, lost, packets, null, null);
    }

    /** The i-th one-minute TCP window of the link, at {@code gbps}, with 60 intervals. */
    static LinkWindow tcpWindow(int i, double gbps) {
        long start = T0 + i * MINUTE;
        return new LinkWindow(TCP_LINK, "live", "node-a", "node-b", "calico", Protocol.TCP, Side.SENDER, start,
                start + MINUTE, gbps * 1e9, 60, 60, 1, 0, 0);
    }

    /** The i-th one-minute UDP window with {@code lost} of {@code packets} datagrams lost. */
    static LinkWindow udpWindow(int i, long lost, long packets) {
        long start = T0 + i * MINUTE;
        return new LinkWindow(UDP_LINK, "live", "node-a", "node-b", "calico", Protocol.UDP, Side.RECEIVER, start,
                start + MINUTE, 9e8, 60, 60, 1, lost, packets);
    }

    /** 24 Gbit/s with a small deterministic wiggle (+-0.3%), like a steady link. */
    static double steady(int i) {
        return 24.0 * (1 + 0.003 * Math.sin(i * 1.7));
    }
}
