package io.overlaywatch.jobs.records;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Side;

import java.util.Arrays;

/**
 * What a link's window keeps while it is open: one slot per interval (epoch second of the interval's
 * start, so that iperf3's short last fragment does not fall into the slot of the interval before it) with the throughput summed over the streams that reported it, so memory grows with the window
 * length in seconds, not with the number of samples. Public fields and primitive arrays, so that Flink
 * serialises it as a POJO.
 */
public class LinkAccumulator {

    public String run;
    public String srcNode;
    public String dstNode;
    public String cni;
    public Protocol protocol;
    public Side side;
    public long lastTime = Long.MIN_VALUE;
    public long samples;
    public long lost;
    public long packets;

    /** Used slots: {@code slots[0..size)}. */
    public int size;
    /** Epoch second of each slot's interval start. */
    public long[] slots = new long[0];
    /** Per slot: throughput summed over streams, bit/s. */
    public double[] sums = new double[0];
    /** Per slot: the longest interval that reported, seconds (weights the slot in the mean). */
    public double[] seconds = new double[0];
    /** Per slot: streams that reported. */
    public int[] streams = new int[0];

    /** Adds one stream's interval, which ended at {@code endMillis} and lasted {@code intervalSeconds}. */
    public void add(long endMillis, double intervalSeconds, double bitsPerSecond) {
        long slot = Math.round((endMillis - intervalSeconds * 1000) / 1000.0);
        int i = indexOf(slot);
        if (i < 0) {
            i = append(slot);
        }
        sums[i] += bitsPerSecond;
        seconds[i] = Math.max(seconds[i], intervalSeconds);
        streams[i]++;
    }

    /** Adds another accumulator's slots (window merging). */
    public void addAll(LinkAccumulator other) {
        for (int j = 0; j < other.size; j++) {
            int i = indexOf(other.slots[j]);
            if (i < 0) {
                i = append(other.slots[j]);
            }
            sums[i] += other.sums[j];
            seconds[i] = Math.max(seconds[i], other.seconds[j]);
            streams[i] += other.streams[j];
        }
        samples += other.samples;
        lost += other.lost;
        packets += other.packets;
        if (other.lastTime > lastTime) {
            lastTime = other.lastTime;
            run = other.run;
        }
        if (srcNode == null) {
            srcNode = other.srcNode;
            dstNode = other.dstNode;
            cni = other.cni;
            protocol = other.protocol;
            side = other.side;
        }
    }

    /** Time-weighted mean of the per-interval sums; 0 when empty. */
    public double meanBps() {
        double weighted = 0;
        double time = 0;
        for (int i = 0; i < size; i++) {
            // A zero-length interval (iperf3's last fragment can be 0.00 s) still counts, with a tiny weight.
            double w = Math.max(seconds[i], 1e-3);
            weighted += sums[i] * w;
            time += w;
        }
        return time == 0 ? 0 : weighted / time;
    }

    public int maxStreams() {
        int most = 0;
        for (int i = 0; i < size; i++) {
            most = Math.max(most, streams[i]);
        }
        return most;
    }

    private int indexOf(long slot) {
        // At most one slot per second of the window: a linear scan from the newest is short and allocation-free.
        for (int i = size - 1; i >= 0; i--) {
            if (slots[i] == slot) {
                return i;
            }
        }
        return -1;
    }

    private int append(long slot) {
        if (size == slots.length) {
            int capacity = Math.max(8, size * 2);
            slots = Arrays.copyOf(slots, capacity);
            sums = Arrays.copyOf(sums, capacity);
            seconds = Arrays.copyOf(seconds, capacity);
            streams = Arrays.copyOf(streams, capacity);
        }
        slots[size] = slot;
        return size++;
    }
}
