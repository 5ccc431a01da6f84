package io.inferstream.model;

import java.util.List;
import java.util.Random;

/**
 * A synthetic click-through data generator with a known ground truth, used to train and evaluate
 * the demo model ({@link DemoModels}) and to produce demo traffic with and without drift.
 *
 * <p>Each example has four numeric features {@code f0..f3} and one categorical feature {@code
 * category} in {@code 0..7}. The click probability is {@code sigmoid(-1.2 + 1.2 f0 - 0.9 f1 + 0.5
 * f2 + 0.8 f2 f3 + effect[category])}, the same in both regimes; the regimes differ only in how
 * the features are distributed (covariate shift), which is what the drift monitor must detect.
 */
public final class SyntheticCtr {

    /** Numeric feature names, in the order of the model's {@code features} input columns. */
    public static final List<String> NUMERIC_FEATURES = List.of("f0", "f1", "f2", "f3");
    /** Name of the categorical feature. */
    public static final String CATEGORY = "category";
    /** Number of known categories; ids outside {@code 0..CATEGORIES-1} are unknown to the model. */
    public static final int CATEGORIES = 8;

    private static final double[] CATEGORY_EFFECT = {-0.6, -0.3, 0.0, 0.2, 0.4, 0.6, 0.9, 1.2};
    private static final double[] BASELINE_CATEGORY_MIX = {0.30, 0.20, 0.15, 0.10, 0.10, 0.07, 0.05, 0.03};
    private static final double[] SHIFTED_CATEGORY_MIX = {0.05, 0.05, 0.10, 0.10, 0.15, 0.15, 0.20, 0.20};

    /** How features are distributed. */
    public enum Regime {
        /** All numeric features standard normal; mostly low-effect categories. */
        BASELINE,
        /** {@code f0} mean +0.75, {@code f1} standard deviation 1.5, mostly high-effect categories. */
        SHIFTED
    }

    /**
     * Generated examples in columnar form, ready to feed a model.
     *
     * @param rows number of examples
     * @param features row-major {@code rows x 4} numeric features
     * @param categories category ids
     * @param trueProbabilities the ground-truth click probability of each example
     * @param clicks sampled labels
     */
    public record Sample(int rows, float[] features, long[] categories, float[] trueProbabilities, boolean[] clicks) {

        /** The model input for these examples: {@code features} [rows, 4] and {@code category} [rows]. */
        public BatchInput toBatchInput() {
            return BatchInput.builder(rows)
                    .column(DemoModels.INPUT_FEATURES, Column.floats(features, NUMERIC_FEATURES.size()))
                    .column(DemoModels.INPUT_CATEGORY, Column.longs(categories))
                    .build();
        }
    }

    private final Regime regime;
    private final Random random;

    public SyntheticCtr(Regime regime, long seed) {
        this.regime = regime;
        this.random = new Random(seed);
    }

    public Regime regime() {
        return regime;
    }

    /** The ground-truth click probability. */
    public static double trueProbability(float f0, float f1, float f2, float f3, long category) {
        double effect = category >= 0 && category < CATEGORIES ? CATEGORY_EFFECT[(int) category] : 0.0;
        double logit = -1.2 + 1.2 * f0 - 0.9 * f1 + 0.5 * f2 + 0.8 * f2 * f3 + effect;
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    /** Draws {@code rows} examples. */
    public Sample sample(int rows) {
        int width = NUMERIC_FEATURES.size();
        float[] features = new float[rows * width];
        long[] categories = new long[rows];
        float[] truth = new float[rows];
        boolean[] clicks = new boolean[rows];
        double[] mix = regime == Regime.BASELINE ? BASELINE_CATEGORY_MIX : SHIFTED_CATEGORY_MIX;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            float f0 = (float) (random.nextGaussian() + (regime == Regime.SHIFTED ? 0.75 : 0.0));
            float f1 = (float) (random.nextGaussian() * (regime == Regime.SHIFTED ? 1.5 : 1.0));
            float f2 = (float) random.nextGaussian();
            float f3 = (float) random.nextGaussian();
            features[o] = f0;
            features[o + 1] = f1;
            features[o + 2] = f2;
            features[o + 3] = f3;
            categories[r] = draw(mix);
            double p = trueProbability(f0, f1, f2, f3, categories[r]);
            truth[r] = (float) p;
            clicks[r] = random.nextDouble() < p;
        }
        return new Sample(rows, features, categories, truth, clicks);
    }

    private int draw(double[] mix) {
        double u = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < mix.length; i++) {
            acc += mix[i];
            if (u < acc) {
                return i;
            }
        }
        return mix.length - 1;
    }
}
