package io.inferstream.drift.profile;

/**
 * Streaming count, mean and variance (Welford's update; Chan et al.'s formula to merge two), so the
 * normalized Wasserstein distance can divide by the reference's standard deviation without keeping
 * the values. Numerically stable where the naive sum of squares is not.
 */
public final class Moments {

    private long count;
    private double mean;
    private double m2;

    /** An empty accumulator. */
    public Moments() {
    }

    /** Restores an accumulator from its state ({@code m2}: sum of squared deviations from the mean). */
    public static Moments of(long count, double mean, double m2) {
        if (count < 0 || m2 < 0 || !Double.isFinite(mean) || !Double.isFinite(m2)) {
            throw new IllegalArgumentException("invalid moments: count=" + count + " mean=" + mean + " m2=" + m2);
        }
        Moments m = new Moments();
        m.count = count;
        m.mean = count == 0 ? 0 : mean;
        m.m2 = count == 0 ? 0 : m2;
        return m;
    }

    /** Adds one finite value. */
    public void add(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    /** Adds everything {@code other} has seen (Chan, Golub and LeVeque's pairwise update). */
    public void merge(Moments other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            count = other.count;
            mean = other.mean;
            m2 = other.m2;
            return;
        }
        long n = count + other.count;
        double delta = other.mean - mean;
        mean += delta * other.count / n;
        m2 += other.m2 + delta * delta * ((double) count * other.count / n);
        count = n;
    }

    public long count() {
        return count;
    }

    /** The mean, 0 when empty. */
    public double mean() {
        return mean;
    }

    /** Sum of squared deviations from the mean. */
    public double m2() {
        return m2;
    }

    /** Population standard deviation (divides by n), 0 when empty: the reference is the population. */
    public double std() {
        return count == 0 ? 0 : Math.sqrt(m2 / count);
    }
}
