package io.inferstream.drift.profile;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distribution of one numeric feature or output: an Apache DataSketches KLL quantile sketch
 * (bounded size, mergeable, serializable) plus streaming {@link Moments}. The same class holds a
 * reference profile and a monitoring window's profile, so both sides of every drift metric come
 * from the same code; a state store or a compacted topic keeps it as {@link #toBytes()}.
 *
 * <p>KLL with the default {@code k = }{@value #DEFAULT_K} has a normalized rank error of about
 * 1.33% for a single rank query and 1.65% for PMF/CDF queries, each at 99% confidence (see {@link
 * #normalizedRankError()}); below {@code k} values it is exact.
 *
 * <p>Not thread-safe: one writer (a stream task) per instance.
 */
public final class NumericDistribution {

    /** Sketch size parameter: DataSketches' default, about 5 KB serialized once saturated. */
    public static final int DEFAULT_K = 200;

    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 1 + Long.BYTES + 2 * Double.BYTES + Integer.BYTES;

    private final KllDoublesSketch sketch;
    private final Moments moments;

    private NumericDistribution(KllDoublesSketch sketch, Moments moments) {
        this.sketch = sketch;
        this.moments = moments;
    }

    /** An empty profile with the default sketch size. */
    public static NumericDistribution create() {
        return create(DEFAULT_K);
    }

    /** An empty profile with sketch size {@code k} (8..65535; larger is more accurate and bigger). */
    public static NumericDistribution create(int k) {
        return new NumericDistribution(KllDoublesSketch.newHeapInstance(k), new Moments());
    }

    /** A profile of {@code values} with the default sketch size. */
    public static NumericDistribution of(double... values) {
        NumericDistribution d = create();
        for (double v : values) {
            d.update(v);
        }
        return d;
    }

    /**
     * A profile from a serialized KLL sketch and moments kept elsewhere (a model's reference profile):
     * {@code std} is the population standard deviation of the {@code count} values.
     */
    public static NumericDistribution restore(byte[] kllSketch, long count, double mean, double std) {
        KllDoublesSketch sketch = heapify(kllSketch);
        return new NumericDistribution(sketch, Moments.of(count, mean, std * std * count));
    }

    /** Adds one value. Non-finite values are refused: callers dead-letter or skip them with a reason. */
    public void update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        sketch.update(value);
        moments.add(value);
    }

    /** Adds everything {@code other} has seen (windows of several partitions, or a session merge). */
    public void merge(NumericDistribution other) {
        sketch.merge(other.sketch);
        moments.merge(other.moments);
    }

    /** Number of values seen. */
    public long count() {
        return moments.count();
    }

    public boolean isEmpty() {
        return moments.count() == 0;
    }

    public double mean() {
        return moments.mean();
    }

    /** Population standard deviation. */
    public double std() {
        return moments.std();
    }

    /** Smallest value seen (exact); NaN when empty. */
    public double min() {
        return sketch.isEmpty() ? Double.NaN : sketch.getMinItem();
    }

    /** Largest value seen (exact); NaN when empty. */
    public double max() {
        return sketch.isEmpty() ? Double.NaN : sketch.getMaxItem();
    }

    /** The sketch's size parameter. */
    public int k() {
        return sketch.getK();
    }

    /**
     * The sketch's normalized rank error for CDF/PMF queries at 99% confidence (DataSketches'
     * "double-sided" epsilon), about 0.0165 for {@code k = 200}; 0 while the sketch is exact.
     */
    public double normalizedRankError() {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(true) : 0;
    }

    /** The estimated quantile at normalized rank {@code rank} in [0, 1] (inclusive search). */
    public double quantile(double rank) {
        requireNotEmpty();
        return sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * The estimated CDF {@code F(x) = P(X <= x)} at each of {@code points} (strictly increasing,
     * finite): {@code result[i]} is the fraction of values {@code <= points[i]}.
     */
    public double[] cdf(double[] points) {
        requireNotEmpty();
        if (points.length == 0) {
            return new double[0];
        }
        double[] withTail = sketch.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
        return Arrays.copyOf(withTail, points.length);
    }

    /** The distinct values the sketch retains, ascending: where its step CDF jumps. */
    public double[] retainedValues() {
        if (sketch.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(sketch.getSortedView().getQuantiles()).distinct().toArray();
    }

    /** The sketch alone, in DataSketches' own format (what {@code ReferenceProfile} stores in base64). */
    public byte[] sketchBytes() {
        return sketch.toByteArray();
    }

    /** Format 1: version byte, count, mean, m2, sketch length, sketch bytes (DataSketches' format). */
    public byte[] toBytes() {
        byte[] kll = sketch.toByteArray();
        return ByteBuffer.allocate(HEADER_BYTES + kll.length)
                .put(FORMAT)
                .putLong(moments.count())
                .putDouble(moments.mean())
                .putDouble(moments.m2())
                .putInt(kll.length)
                .put(kll)
                .array();
    }

    /** Reads {@link #toBytes()}; a clear {@link IllegalArgumentException} for anything else. */
    public static NumericDistribution fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown numeric profile format " + format);
            }
            Moments moments = Moments.of(in.getLong(), in.getDouble(), in.getDouble());
            int length = in.getInt();
            if (length != in.remaining()) {
                throw new IllegalArgumentException("numeric profile: sketch length " + length + " but " + in.remaining() + " bytes left");
            }
            byte[] kll = new byte[length];
            in.get(kll);
            KllDoublesSketch sketch = heapify(kll);
            if (sketch.getN() != moments.count()) {
                throw new IllegalArgumentException("numeric profile: sketch has " + sketch.getN() + " values, moments " + moments.count());
            }
            return new NumericDistribution(sketch, moments);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("numeric profile truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static KllDoublesSketch heapify(byte[] kll) {
        try {
            return KllDoublesSketch.heapify(Memory.wrap(kll));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a KLL doubles sketch: " + e.getMessage(), e);
        }
    }

    private void requireNotEmpty() {
        if (sketch.isEmpty()) {
            throw new IllegalStateException("empty numeric profile");
        }
    }

    @Override
    public String toString() {
        return "NumericDistribution[n=" + count() + ", mean=" + mean() + ", std=" + std() + ", k=" + k() + "]";
    }
}
