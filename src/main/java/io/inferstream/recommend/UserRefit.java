package io.inferstream.recommend;

import java.util.List;

/**
 * A closed-form refit of p_u on every event, in the manner of one implicit-ALS user step (Hu, Koren and Volinsky
 * 2008), over the user's most recent items only: with S the last {@code window} distinct items the user consumed
 * (newest last) and recency weights {@code w_j = 0.5^(age_j / halfLife)} (age 0 for the newest),
 * <pre>
 *   p_u = (gramWeight * G + sum_j w_j q_j q_j^T + lambda * I)^-1  sum_j w_j q_j
 * </pre>
 * where {@code G = sum_i q_i q_i^T} is the Gramian of every item's factors (the implicit "all unobserved cells are
 * 0" term of implicit ALS, {@link ItemGramian}). p_u is then scaled to {@link MfSettings#maxNorm()}: ranking ignores
 * its length, and the item side's ISGD step expects user factors of that scale.
 *
 * <p>Why: SGD steps move p_u a little per event, so after a change of taste the old items keep dominating it for
 * many events. A refit forgets everything outside the window at once, and with a short half-life a user's new items
 * dominate p_u after a few events; the Gramian term whitens the item space, which removes the shared "popular"
 * direction positive-only ISGD collapses onto (the job the sampled negatives do otherwise). Everything it needs is
 * on the user's partition: the recent items (the profile's {@code seen} list), this instance's replica of the item
 * factors and their Gramian.
 *
 * @param window      recent distinct items the refit uses (0: off, ISGD steps instead); at most
 *                    {@code recommend.seen.max} in the topology, since that is what the profile keeps
 * @param halfLife    recency half-life in items (0: every item in the window weighs the same)
 * @param gramWeight  weight of the all-items Gramian (the unobserved items' confidence)
 * @param lambda      L2 penalty
 * @param gramRefresh events between recomputations of the Gramian from the item replica (per stream task)
 */
public record UserRefit(int window, float halfLife, float gramWeight, float lambda, int gramRefresh) {

    public UserRefit {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0, got " + window);
        }
        requireFiniteNonNegative("halfLife", halfLife);
        requireFiniteNonNegative("gramWeight", gramWeight);
        requireFiniteNonNegative("lambda", lambda);
        if (!(gramWeight > 0 || lambda > 0)) {
            throw new IllegalArgumentException("gramWeight or lambda must be > 0 (the system is singular otherwise)");
        }
        if (gramRefresh < 1) {
            throw new IllegalArgumentException("gramRefresh must be >= 1, got " + gramRefresh);
        }
    }

    /** No refit: p_u learns by ISGD steps (the other values are the defaults' own). */
    public static UserRefit off() {
        return new UserRefit(0, 2f, 1f, 30f, 100);
    }

    public boolean enabled() {
        return window > 0;
    }

    /**
     * Refits {@code userFactors} in place from {@code recent} (factor vectors, oldest first, the event's own last)
     * and the item statistics {@code items}.
     *
     * @return whether p_u was replaced (false for no recent items or a result that is not finite or is zero)
     */
    public boolean refit(float[] userFactors, List<float[]> recent, ItemGramian items, float maxNorm) {
        int n = recent.size();
        if (n == 0) {
            return false;
        }
        double[] x = solve(recent, n - window, n, items.gram());
        double norm2 = 0;
        for (double v : x) {
            norm2 += v * v;
        }
        if (!(norm2 > 0) || !Double.isFinite(norm2)) {
            return false;
        }
        double scale = maxNorm / Math.sqrt(norm2);
        for (int i = 0; i < userFactors.length; i++) {
            userFactors[i] = (float) (x[i] * scale);
        }
        return true;
    }

    /** The unscaled solution over {@code recent[max(0, from), to)}, weights decaying from {@code to - 1}. */
    private double[] solve(List<float[]> recent, int from, int to, double[][] gram) {
        int f = gram.length;
        double[][] a = new double[f][f];
        double[] b = new double[f];
        for (int i = 0; i < f; i++) {
            for (int j = i; j < f; j++) {
                a[i][j] = gramWeight * gram[i][j];
            }
            a[i][i] += lambda;
        }
        double lnHalf = halfLife > 0 ? Math.log(0.5) / halfLife : 0;
        for (int k = Math.max(0, from); k < to; k++) {
            float[] q = recent.get(k);
            double w = Math.exp(lnHalf * (to - 1 - k));
            for (int i = 0; i < f; i++) {
                double wq = w * q[i];
                b[i] += wq;
                for (int j = i; j < f; j++) {
                    a[i][j] += wq * q[j];
                }
            }
        }
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
        }
        double[] x = new double[f];
        Cholesky.solve(a, b, x);
        return x;
    }

    private static void requireFiniteNonNegative(String name, float v) {
        if (!(Float.isFinite(v) && v >= 0)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }
}
