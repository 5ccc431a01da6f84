package io.inferstream.recommend;

/**
 * The SGD steps of online matrix factorization, written for one side at a time: the user's partition updates p_u
 * using its replica of q_i, the item's partition updates q_i using the p_u sent with the update. Each step is the
 * same formula with "own" and "other" swapped, so one method serves both sides.
 *
 * <p>Guards: a step is computed into a scratch vector and only copied over {@code own} when every value is finite;
 * the result is clipped to {@link MfSettings#maxNorm()}. A rejected step leaves {@code own} untouched and returns
 * false, so factors never become NaN or infinite whatever the input.
 */
public final class MfUpdates {

    private MfUpdates() {
    }

    /**
     * ISGD for positive-only feedback (Vinagre, Jorge and Gama 2014): the target is 1, the error is
     * {@code 1 - p.q}, and {@code own += eta * weight * (err * other - lambda * own)}.
     *
     * @return whether the step was applied
     */
    public static boolean isgd(float[] own, float[] other, float weight, MfSettings s) {
        checkShapes(own, other, s);
        float err = 1f - dot(own, other);
        return step(own, other, err, weight, s);
    }

    /**
     * A sampled negative for positive-only feedback: an item the user did not interact with, taken as target 0, so
     * the error is {@code -p.q} and {@code own += eta * weight * (-p.q * other - lambda * own)}. Applied to the user
     * side only, with items drawn from the replicated item factors, it needs nothing from other partitions; it keeps
     * ISGD from drifting towards vectors that all point the same way (where every p.q is near 1, the positive error
     * near 0 and p_u stops moving), which is what lets a user whose taste changed catch up.
     *
     * @return whether the step was applied
     */
    public static boolean negative(float[] own, float[] other, float weight, MfSettings s) {
        checkShapes(own, other, s);
        float err = -dot(own, other);
        return step(own, other, err, weight, s);
    }

    /**
     * Biased MF for an explicit rating: {@code pred = mu + b_own + b_other + own.other}, {@code err = rating - pred};
     * updates {@code own} in place and returns the new own bias, or NaN (and leaves {@code own} untouched) when the
     * step would not be finite.
     */
    public static float rating(float[] own, float ownBias, float[] other, float otherBias, double rating, float weight,
                               MfSettings s) {
        checkShapes(own, other, s);
        float err = (float) (rating - (s.ratingMean() + ownBias + otherBias + dot(own, other)));
        float newBias = ownBias * (1f - s.forgetting())
            + s.learningRate() * weight * (err - s.regularization() * ownBias);
        if (!Float.isFinite(newBias) || !step(own, other, err, weight, s)) {
            return Float.NaN;
        }
        return newBias;
    }

    /** Predicted rating for the explicit model. */
    public static float predictRating(float[] p, float userBias, float[] q, float itemBias, MfSettings s) {
        return s.ratingMean() + userBias + itemBias + dot(p, q);
    }

    public static float dot(float[] a, float[] b) {
        float sum = 0f;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    /** Whether every value is finite (NaN and infinities fail). */
    public static boolean allFinite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static boolean step(float[] own, float[] other, float err, float weight, MfSettings s) {
        if (!Float.isFinite(err) || !Float.isFinite(weight)) {
            return false;
        }
        float keep = 1f - s.forgetting();
        float rate = s.learningRate() * weight;
        float[] next = new float[own.length];
        double norm2 = 0;
        for (int k = 0; k < own.length; k++) {
            float o = own[k] * keep;
            next[k] = o + rate * (err * other[k] - s.regularization() * o);
            norm2 += (double) next[k] * next[k];
        }
        if (!Double.isFinite(norm2) || !allFinite(next)) {
            return false;
        }
        double norm = Math.sqrt(norm2);
        float scale = norm > s.maxNorm() ? (float) (s.maxNorm() / norm) : 1f;
        for (int k = 0; k < own.length; k++) {
            own[k] = next[k] * scale;
        }
        return true;
    }

    private static void checkShapes(float[] own, float[] other, MfSettings s) {
        if (own.length != s.factors() || other.length != s.factors()) {
            throw new IllegalArgumentException("factor vectors must have " + s.factors() + " values, got " + own.length
                + " and " + other.length);
        }
    }
}
