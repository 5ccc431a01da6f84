package io.inferstream.model;

import java.util.Arrays;

/** Quality measures for a binary classifier's probabilities, to judge the demo model. */
public final class BinaryMetrics {

    private BinaryMetrics() {}

    /**
     * Area under the ROC curve by the rank-sum (Mann-Whitney) formula, ties counted half; 0.5 when
     * one class is absent. O(n log n).
     */
    public static double auc(float[] scores, boolean[] labels) {
        check(scores, labels);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean negative log-likelihood, probabilities clipped to {@code [1e-7, 1 - 1e-7]}. */
    public static double logLoss(float[] probabilities, boolean[] labels) {
        check(probabilities, labels);
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(Math.max(probabilities[i], 1e-7), 1 - 1e-7);
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return probabilities.length == 0 ? 0 : sum / probabilities.length;
    }

    private static void check(float[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
    }
}
