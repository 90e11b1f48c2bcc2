package io.overlaywatch.jobs.records;

import com.tdunning.math.stats.MergingDigest;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Quantiles of a series of values: exact while it holds at most {@link #exactLimit} values, a mergeable
 * t-digest beyond, so that its size stays bounded however long the series runs.
 *
 * <p>A POJO that keeps the digest as its bytes, so that Flink stores it in state without Kryo. Every change
 * re-encodes the digest: add values in batches ({@link #addAll}) rather than one by one once it is a digest.
 * Exact quantiles are interpolated between the sorted values as numpy and R's default (Hyndman and Fan's
 * definition 7) do.
 */
public class QuantileSketch {

    /** t-digest compression: at most a few hundred centroids (a few KiB), quantiles well within 1%. */
    public static final double COMPRESSION = 100;

    /** At most this many values are kept exactly. */
    public int exactLimit;
    /** Values added. */
    public long count;
    /** The exact values in the first {@code count} slots; null once they went into the digest. */
    public double[] values;
    /** The t-digest in its double-precision encoding; null while the values are exact. */
    public byte[] digest;

    private transient MergingDigest decoded;
    private transient byte[] decodedFrom;
    private transient Percentile sorted;

    /** For Flink's POJO serializer. */
    public QuantileSketch() {
    }

    public QuantileSketch(int exactLimit) {
        if (exactLimit < 0) {
            throw new IllegalArgumentException("exactLimit must not be negative, was " + exactLimit);
        }
        this.exactLimit = exactLimit;
    }

    /** Whether the quantiles are exact, not estimated by the digest. */
    public boolean isExact() {
        return digest == null;
    }

    public void add(double value) {
        MergingDigest d = append(value, null);
        if (d != null) {
            seal(d);
        }
    }

    /** Adds the values with one encoding of the digest at the end. */
    public void addAll(Iterable<Double> more) {
        if (more == null) {
            return;
        }
        MergingDigest d = null;
        for (Double value : more) {
            d = append(value, d);
        }
        if (d != null) {
            seal(d);
        }
    }

    /** Adds the other sketch's values (or its centroids, if it is a digest); the other one is left as it was. */
    public void merge(QuantileSketch other) {
        if (other == null || other.count == 0) {
            return;
        }
        MergingDigest d = null;
        if (other.isExact()) {
            for (int i = 0; i < other.count; i++) {
                d = append(other.values[i], d);
            }
        } else {
            d = openDigest();
            d.add(other.openDigest());
            count += other.count;
        }
        if (d != null) {
            seal(d);
        }
    }

    /**
     * The {@code q}-quantile, {@code q} from 0 to 1; NaN when empty. The first call after a change sorts the
     * exact values once (partially, as far as the quantiles asked need) and later calls reuse that order.
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be within [0, 1], was " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        if (!isExact()) {
            return openDigest().quantile(q);
        }
        if (q == 0) {
            double min = values[0];
            for (int i = 1; i < count; i++) {
                min = Math.min(min, values[i]);
            }
            return min;
        }
        if (sorted == null) {
            sorted = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
            sorted.setData(values, 0, (int) count);
        }
        return sorted.evaluate(q * 100);
    }

    /** Adds one value to the exact values, or to the open digest {@code d}, which it opens when needed. */
    private MergingDigest append(double value, MergingDigest d) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a quantile sketch takes finite values only, not " + value);
        }
        if (d == null && isExact() && count < exactLimit) {
            if (values == null || values.length == count) {
                int capacity = (int) Math.min(exactLimit, Math.max(16, 2 * count));
                values = values == null ? new double[capacity] : Arrays.copyOf(values, capacity);
            }
            values[(int) count++] = value;
            sorted = null;
            return null;
        }
        if (d == null) {
            d = openDigest();
        }
        d.add(value);
        count++;
        return d;
    }

    /** The digest to add to: decoded from the bytes, or built from the exact values when it is the switch. */
    private MergingDigest openDigest() {
        if (isExact()) {
            MergingDigest d = new MergingDigest(COMPRESSION);
            for (int i = 0; i < count; i++) {
                d.add(values[i]);
            }
            values = null;
            sorted = null;
            return d;
        }
        // The cache is checked against the bytes it came from: Flink may set the bytes of a reused instance.
        if (decoded == null || decodedFrom != digest) {
            decoded = MergingDigest.fromBytes(ByteBuffer.wrap(digest));
            decodedFrom = digest;
        }
        return decoded;
    }

    private void seal(MergingDigest d) {
        ByteBuffer buffer = ByteBuffer.allocate(d.byteSize());
        d.asBytes(buffer);
        digest = buffer.array();
        decoded = d;
        decodedFrom = digest;
    }
}
