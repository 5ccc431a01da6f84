package io.inferstream.drift.stats;

/**
 * Divergences between two discrete distributions given as proportions over the same bins. Pure
 * functions, so tests can check them against independent formulas to 1e-9.
 */
public final class Divergences {

    /**
     * Stand-in for an empty bin's proportion in PSI (whose terms are infinite otherwise); the value
     * Evidently and most PSI write-ups use. Proportions are not renormalized after the substitution.
     */
    public static final double PSI_EMPTY_BIN = 1e-4;

    private Divergences() {
    }

    /**
     * Population stability index {@code sum_i (q_i - p_i) ln(q_i / p_i)}, {@code p} the reference's
     * and {@code q} the current proportions, an empty bin's proportion replaced by {@link
     * #PSI_EMPTY_BIN}. Rules of thumb: below 0.1 stable, 0.1 to 0.2 moderate, above 0.2 major shift.
     */
    public static double psi(double[] reference, double[] current) {
        requireSameLength(reference, current);
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = reference[i] > 0 ? reference[i] : PSI_EMPTY_BIN;
            double q = current[i] > 0 ? current[i] : PSI_EMPTY_BIN;
            sum += (q - p) * Math.log(q / p);
        }
        return sum;
    }

    /**
     * Jensen-Shannon distance: the square root of the Jensen-Shannon divergence {@code JSD = (KL(p||m)
     * + KL(q||m)) / 2} with {@code m = (p + q) / 2} and base-2 logarithms, so it lies in [0, 1] (0:
     * identical, 1: disjoint supports). Empty bins need no epsilon ({@code 0 log 0 = 0}).
     */
    public static double jensenShannonDistance(double[] p, double[] q) {
        requireSameLength(p, q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += klTerm(p[i], m) + klTerm(q[i], m);
        }
        // Rounding can leave a tiny negative for identical inputs.
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    private static double klTerm(double a, double m) {
        return a > 0 ? a * Math.log(a / m) / Math.log(2) : 0;
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("bins differ: " + a.length + " vs " + b.length);
        }
    }
}
