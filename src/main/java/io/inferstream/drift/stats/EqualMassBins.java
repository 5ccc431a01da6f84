package io.inferstream.drift.stats;

import io.inferstream.drift.profile.NumericDistribution;
import java.util.Arrays;

/**
 * Bins with (about) equal reference mass, cut at the reference's quantiles {@code i / bins} for
 * {@code i = 1 .. bins - 1}. Bin {@code j} is {@code (cut[j-1], cut[j]]}, the first open to
 * {@code -inf}, the last to {@code +inf}, so every value of any window falls in some bin. Equal cut
 * points (a reference with repeated values) are merged, giving fewer bins.
 *
 * @param cutPoints strictly increasing upper edges of all but the last bin
 */
public record EqualMassBins(double[] cutPoints) {

    /** Ten bins (deciles), the usual choice for PSI. */
    public static final int DEFAULT_BINS = 10;

    public EqualMassBins {
        cutPoints = cutPoints.clone();
        for (int i = 1; i < cutPoints.length; i++) {
            if (!(cutPoints[i] > cutPoints[i - 1])) {
                throw new IllegalArgumentException("cut points must increase strictly: " + Arrays.toString(cutPoints));
            }
        }
    }

    /** Bins from {@code reference}'s quantiles (from its sketch). */
    public static EqualMassBins of(NumericDistribution reference, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("need at least 2 bins: " + bins);
        }
        double[] cuts = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            cuts[i - 1] = reference.quantile((double) i / bins);
        }
        return new EqualMassBins(Arrays.stream(cuts).distinct().toArray());
    }

    /** Number of bins. */
    public int size() {
        return cutPoints.length + 1;
    }

    /** {@code distribution}'s proportion in each bin (from its sketch's CDF at the cut points). */
    public double[] proportions(NumericDistribution distribution) {
        double[] cdf = distribution.cdf(cutPoints);
        double[] p = new double[size()];
        double previous = 0;
        for (int i = 0; i < cdf.length; i++) {
            p[i] = Math.max(0, cdf[i] - previous);
            previous = cdf[i];
        }
        p[cdf.length] = Math.max(0, 1 - previous);
        return p;
    }

    @Override
    public double[] cutPoints() {
        return cutPoints.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EqualMassBins b && Arrays.equals(cutPoints, b.cutPoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cutPoints);
    }

    @Override
    public String toString() {
        return "EqualMassBins" + Arrays.toString(cutPoints);
    }
}
