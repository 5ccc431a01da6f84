package io.inferstream.recommend;

/**
 * Hyper-parameters of the online matrix factorization, shared by the user and the item side of every update.
 *
 * @param factors        latent dimensions
 * @param learningRate   SGD step size (eta)
 * @param regularization L2 penalty (lambda)
 * @param initScale      standard deviation of the Gaussian a new user's or item's factors start from
 * @param seed           mixed into every id's initialization, so all instances start an id identically
 * @param forgetting     share of the factors forgotten before each update (0 = none): older evidence fades
 * @param maxNorm        factor vectors are clipped to this Euclidean norm (keeps p.q bounded)
 * @param ratingMean     global mean (mu) of the explicit-rating model, pred = mu + b_u + b_i + p.q
 */
public record MfSettings(int factors, float learningRate, float regularization, float initScale, long seed, float forgetting,
                         float maxNorm, float ratingMean) {

    public MfSettings {
        if (factors < 1 || factors > 1024) {
            throw new IllegalArgumentException("factors must be in [1, 1024], got " + factors);
        }
        requireFinitePositive("learningRate", learningRate);
        requireFiniteNonNegative("regularization", regularization);
        requireFiniteNonNegative("initScale", initScale);
        requireFinitePositive("maxNorm", maxNorm);
        if (!(forgetting >= 0 && forgetting < 1)) {
            throw new IllegalArgumentException("forgetting must be in [0, 1), got " + forgetting);
        }
        if (!Float.isFinite(ratingMean)) {
            throw new IllegalArgumentException("ratingMean must be finite, got " + ratingMean);
        }
    }

    /**
     * Defaults for positive-only feedback, tuned with the prequential evaluation ({@code recommend.eval.QualityRun}) on
     * the synthetic benchmark stream: 16 factors, eta 1, lambda 0.1, init scale 0.01, no forgetting, max norm 1.
     * Why so unlike the paper's eta 0.05 / lambda 0.01: clipping factors to norm 1 turns each ISGD step into a move
     * of p_u (or q_i) towards the other side's direction, so a large step is stable, and without the clip the
     * positive-only loss drifts towards its trivial optimum (every p.q = 1) and recall decays along the stream.
     */
    public static MfSettings defaults() {
        return new MfSettings(16, 1.0f, 0.1f, 0.01f, 42L, 0f, 1f, 3.5f);
    }

    private static void requireFinitePositive(String name, float v) {
        if (!(Float.isFinite(v) && v > 0)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
    }

    private static void requireFiniteNonNegative(String name, float v) {
        if (!(Float.isFinite(v) && v >= 0)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }
}
