package io.inferstream.drift.stats;

import io.inferstream.drift.profile.NumericDistribution;
import java.util.Arrays;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Drift metrics of a numeric feature, all computed from two {@link NumericDistribution}s (KLL
 * sketches and moments), never from raw values, so the stream and {@code inferstream drift
 * compare} give the same numbers:
 *
 * <ul>
 *   <li><b>psi</b>: {@link Divergences#psi} on {@link EqualMassBins} of the reference ({@value
 *       EqualMassBins#DEFAULT_BINS} bins by default), bin proportions from each sketch's CDF.
 *   <li><b>ks</b>: {@code D = sup_x |F_ref(x) - F_cur(x)|} over the two sketches' CDFs, evaluated at
 *       every value either sketch retains (the sup of two step functions is reached at a jump).
 *       Within {@code eps_ref + eps_cur} of the exact statistic, {@code eps} each sketch's {@link
 *       NumericDistribution#normalizedRankError()} (0.0165 for k = 200 at 99% confidence).
 *   <li><b>ks_p_value</b>: the asymptotic Kolmogorov distribution, {@code P(K > sqrt(n_eff) D)} with
 *       {@code n_eff = n m / (n + m)} (commons-math3's {@code ksSum}), as commons-math3 and SciPy do
 *       for large samples.
 *   <li><b>jensen_shannon</b>: {@link Divergences#jensenShannonDistance} on the PSI bins.
 *   <li><b>wasserstein_normed</b>: {@code W1 = integral |F_ref(x) - F_cur(x)| dx} between the two
 *       sketches' step CDFs (exact for those step functions), divided by the reference's
 *       (population) standard deviation, as Evidently's {@code wasserstein_distance_norm}. A
 *       constant reference gives 0 if the window is the same constant, otherwise +Infinity.
 * </ul>
 *
 * <p>Both profiles must be non-empty; whether they are large enough for a verdict is the {@code
 * DriftRule}'s business.
 */
public final class NumericDriftStatistics {

    /** The default: ten equal-mass bins. */
    public static final NumericDriftStatistics DEFAULT = new NumericDriftStatistics(EqualMassBins.DEFAULT_BINS);

    /** commons-math3's own settings for the series of the Kolmogorov distribution. */
    private static final double KS_SUM_TOLERANCE = 1e-20;
    private static final int KS_SUM_MAX_TERMS = 100_000;
    private static final KolmogorovSmirnovTest KOLMOGOROV = new KolmogorovSmirnovTest();

    private final int bins;

    public NumericDriftStatistics(int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("need at least 2 bins: " + bins);
        }
        this.bins = bins;
    }

    /** All metrics of {@code current} against {@code reference}. */
    public NumericDrift compare(NumericDistribution reference, NumericDistribution current) {
        requireNotEmpty(reference, "reference");
        requireNotEmpty(current, "current");
        EqualMassBins b = EqualMassBins.of(reference, bins);
        double[] p = b.proportions(reference);
        double[] q = b.proportions(current);
        CdfDistances d = cdfDistances(reference, current);
        return new NumericDrift(reference.count(), current.count(), Divergences.psi(p, q), d.ks(),
                ksPValue(d.ks(), reference.count(), current.count()), Divergences.jensenShannonDistance(p, q),
                normalize(d.wasserstein(), reference.std()));
    }

    /**
     * The KS statistic and the 1-Wasserstein distance between the sketches' step CDFs, in one walk
     * over the union of their retained values.
     *
     * @param ks sup of the CDF difference
     * @param wasserstein integral of the absolute CDF difference
     */
    public record CdfDistances(double ks, double wasserstein) {
    }

    /** See {@link CdfDistances}. */
    public static CdfDistances cdfDistances(NumericDistribution a, NumericDistribution b) {
        requireNotEmpty(a, "first");
        requireNotEmpty(b, "second");
        double[] points = union(a.retainedValues(), b.retainedValues());
        double[] fa = a.cdf(points);
        double[] fb = b.cdf(points);
        double ks = 0;
        double w1 = 0;
        for (int i = 0; i < points.length; i++) {
            double diff = Math.abs(fa[i] - fb[i]);
            ks = Math.max(ks, diff);
            if (i + 1 < points.length) {
                // Both CDFs are constant on [x_i, x_i+1); before x_0 both are 0, from the last point on both 1.
                w1 += diff * (points[i + 1] - points[i]);
            }
        }
        return new CdfDistances(ks, w1);
    }

    /** {@code P(K > sqrt(n m / (n + m)) d)} for the Kolmogorov distribution K; 1 when {@code d = 0}. */
    public static double ksPValue(double d, long n, long m) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("sample sizes must be positive: " + n + ", " + m);
        }
        double effectiveN = (double) n * m / ((double) n + m);
        double p = 1 - KOLMOGOROV.ksSum(Math.sqrt(effectiveN) * d, KS_SUM_TOLERANCE, KS_SUM_MAX_TERMS);
        return Math.min(1, Math.max(0, p));
    }

    private static double normalize(double w1, double std) {
        if (std > 0) {
            return w1 / std;
        }
        return w1 == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    private static double[] union(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return Arrays.stream(all).distinct().toArray();
    }

    private static void requireNotEmpty(NumericDistribution d, String which) {
        if (d.isEmpty()) {
            throw new IllegalArgumentException("the " + which + " profile is empty");
        }
    }
}
