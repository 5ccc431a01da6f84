package io.inferstream.drift.stats;

import io.inferstream.drift.profile.CategoricalDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Drift metrics of a categorical feature from two {@link CategoricalDistribution}s.
 *
 * <p><b>Categories</b> ({@link #align}): the union of both profiles' named values, plus one "other"
 * category when either profile has mass beyond its bound. A current value the reference does not
 * name is counted in "other" when the reference's "other" is non-empty (the reference may have seen
 * it beyond its bound); otherwise it is a new category.
 *
 * <ul>
 *   <li><b>chi_square</b>: Pearson's goodness of fit of the current counts {@code o_k} against the
 *       reference's proportions, {@code sum_k (o_k - e_k)^2 / e_k} with {@code e_k = m p_k}, {@code m}
 *       the current count and {@code p_k = (r_k + 0.5) / (R + 0.5 K)}: the reference counts {@code
 *       r_k} with an additive 0.5 (Jeffreys) pseudo-count per category, so a category the reference
 *       never saw has a small positive expectation (a finite, large statistic) instead of a division
 *       by zero. With references of thousands of values the pseudo-count is negligible.
 *   <li><b>chi_square_p_value</b>: upper tail of the chi-square distribution with {@code K - 1}
 *       degrees of freedom (1 when there is only one category).
 *   <li><b>jensen_shannon</b>: {@link Divergences#jensenShannonDistance} of the plain proportions
 *       {@code r_k / R} and {@code o_k / m} (no pseudo-counts needed).
 * </ul>
 */
public final class CategoricalDriftStatistics {

    /** Pseudo-count added to every reference category for the chi-square expectations. */
    public static final double PSEUDO_COUNT = 0.5;

    private CategoricalDriftStatistics() {
    }

    /**
     * Both profiles' counts over the same categories.
     *
     * @param categories category names; {@link #OTHER} for the "other" bucket
     * @param reference reference counts per category
     * @param current current counts per category
     */
    public record Aligned(List<String> categories, long[] reference, long[] current) {
    }

    /** Name of the "other" category in {@link Aligned#categories()}. */
    public static final String OTHER = "(other)";

    /** The categories and counts the metrics compare (rule in the class comment). */
    public static Aligned align(CategoricalDistribution reference, CategoricalDistribution current) {
        Map<String, Long> ref = reference.counts();
        Map<String, Long> cur = current.counts();
        boolean refHasOther = reference.otherCount() > 0;
        TreeSet<String> names = new TreeSet<>(ref.keySet());
        long curOther = current.otherCount();
        for (Map.Entry<String, Long> e : cur.entrySet()) {
            if (ref.containsKey(e.getKey()) || !refHasOther) {
                names.add(e.getKey());
            } else {
                curOther += e.getValue();
            }
        }
        List<String> categories = new ArrayList<>(names);
        boolean withOther = refHasOther || curOther > 0;
        if (withOther) {
            categories.add(OTHER);
        }
        long[] r = new long[categories.size()];
        long[] o = new long[categories.size()];
        for (int i = 0; i < names.size(); i++) {
            r[i] = ref.getOrDefault(categories.get(i), 0L);
            o[i] = cur.getOrDefault(categories.get(i), 0L);
        }
        if (withOther) {
            r[r.length - 1] = reference.otherCount();
            o[o.length - 1] = curOther;
        }
        return new Aligned(List.copyOf(categories), r, o);
    }

    /** All metrics of {@code current} against {@code reference}; both must be non-empty. */
    public static CategoricalDrift compare(CategoricalDistribution reference, CategoricalDistribution current) {
        if (reference.isEmpty() || current.isEmpty()) {
            throw new IllegalArgumentException("the " + (reference.isEmpty() ? "reference" : "current") + " profile is empty");
        }
        Aligned a = align(reference, current);
        double[] expected = expectedCounts(a.reference(), current.count());
        double chiSquare = chiSquare(expected, a.current());
        int df = a.categories().size() - 1;
        double pValue = df < 1 ? 1 : new ChiSquaredDistribution(null, df).cumulativeProbability(chiSquare);
        pValue = df < 1 ? 1 : Math.min(1, Math.max(0, 1 - pValue));
        double[] p = proportions(a.reference(), reference.count());
        double[] q = proportions(a.current(), current.count());
        return new CategoricalDrift(reference.count(), current.count(), chiSquare, pValue, Math.max(0, df),
                Divergences.jensenShannonDistance(p, q));
    }

    /** {@code m p_k} with the pseudo-counted reference proportions {@code p_k}. */
    public static double[] expectedCounts(long[] reference, long m) {
        double total = 0;
        for (long r : reference) {
            total += r + PSEUDO_COUNT;
        }
        double[] e = new double[reference.length];
        for (int i = 0; i < reference.length; i++) {
            e[i] = m * (reference[i] + PSEUDO_COUNT) / total;
        }
        return e;
    }

    private static double chiSquare(double[] expected, long[] observed) {
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = observed[i] - expected[i];
            sum += d * d / expected[i];
        }
        return sum;
    }

    private static double[] proportions(long[] counts, long total) {
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = (double) counts[i] / total;
        }
        return p;
    }
}
