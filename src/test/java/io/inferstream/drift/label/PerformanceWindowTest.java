package io.inferstream.drift.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The window's metrics against independent, direct computations on the same scores and labels: log loss, accuracy and
 * expected calibration error to 1e-9 (they are exact), AUC against the exact pairwise (Mann-Whitney) AUC within the
 * window's own stated bound {@link PerformanceWindow#aucErrorBound()}.
 */
class PerformanceWindowTest {

    /** Scores from a logistic model and labels drawn from {@code truthShift}-shifted probabilities. */
    private static double[][] data(long seed, int n, double truthShift) {
        Random random = new Random(seed);
        double[] scores = new double[n];
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            double logit = -1 + 1.5 * random.nextGaussian();
            scores[i] = 1 / (1 + Math.exp(-logit));
            labels[i] = random.nextDouble() < 1 / (1 + Math.exp(-(logit + truthShift))) ? 1 : 0;
        }
        return new double[][] {scores, labels};
    }

    private static PerformanceWindow window(double[] scores, double[] labels) {
        PerformanceWindow w = new PerformanceWindow();
        for (int i = 0; i < scores.length; i++) {
            w.add(scores[i], labels[i]);
        }
        return w;
    }

    private static double exactAuc(double[] scores, double[] labels) {
        double ordered = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (labels[i] < 0.5) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (labels[j] >= 0.5) {
                    continue;
                }
                pairs++;
                ordered += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return ordered / pairs;
    }

    private static double logLoss(double[] scores, double[] labels) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]));
            sum += labels[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
        }
        return sum / scores.length;
    }

    private static double ece(double[] scores, double[] labels) {
        double[] n = new double[10];
        double[] s = new double[10];
        double[] y = new double[10];
        for (int i = 0; i < scores.length; i++) {
            int b = scores[i] >= 1 ? 9 : (int) (scores[i] * 10);
            n[b]++;
            s[b] += scores[i];
            y[b] += labels[i];
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (n[b] > 0) {
                ece += n[b] / scores.length * Math.abs(s[b] / n[b] - y[b] / n[b]);
            }
        }
        return ece;
    }

    @Test
    void shouldAgreeWithDirectComputationsOnManySeeds() {
        double worstAucError = 0;
        double worstBound = 0;
        for (long seed = 1; seed <= 20; seed++) {
            double[][] d = data(seed, 3_000, seed % 2 == 0 ? 0 : 0.8);
            PerformanceWindow w = window(d[0], d[1]);
            assertThat(w.logLoss()).isCloseTo(logLoss(d[0], d[1]), within(1e-9));
            assertThat(w.expectedCalibrationError()).isCloseTo(ece(d[0], d[1]), within(1e-9));
            long correct = 0;
            for (int i = 0; i < d[0].length; i++) {
                correct += (d[0][i] >= 0.5) == (d[1][i] == 1) ? 1 : 0;
            }
            assertThat(w.accuracy()).isCloseTo((double) correct / d[0].length, within(1e-12));
            assertThat(w.meanPredicted()).isCloseTo(Arrays.stream(d[0]).average().orElseThrow(), within(1e-9));
            assertThat(w.observedRate()).isCloseTo(Arrays.stream(d[1]).average().orElseThrow(), within(1e-12));
            double exact = exactAuc(d[0], d[1]);
            double error = Math.abs(w.auc() - exact);
            assertThat(error).as("seed %d: |histogram AUC - exact AUC| within the stated bound", seed).isLessThanOrEqualTo(w.aucErrorBound() + 1e-12);
            worstAucError = Math.max(worstAucError, error);
            worstBound = Math.max(worstBound, w.aucErrorBound());
        }
        // With 1000 bins the bound is about 1/(2 x 1000) x the score density: a few 1e-4 here.
        assertThat(worstBound).isLessThan(0.002);
        System.out.printf("AUC histogram vs exact pairwise AUC, 20 seeds of 3,000: worst error %.2e, worst stated bound %.2e%n",
            worstAucError, worstBound);
    }

    @Test
    void shouldCountTiedScoresAsHalfLikeTheExactAuc() {
        PerformanceWindow w = window(new double[] {0.3, 0.3, 0.7, 0.2}, new double[] {1, 0, 1, 0});
        // pairs (pos, neg): (0.3,0.3) tie 0.5, (0.3,0.2) 1, (0.7,0.3) 1, (0.7,0.2) 1 -> 3.5 / 4
        assertThat(w.auc()).isEqualTo(0.875);
        assertThat(exactAuc(new double[] {0.3, 0.3, 0.7, 0.2}, new double[] {1, 0, 1, 0})).isEqualTo(0.875);
    }

    @Test
    void shouldGiveNaNWhereAMetricIsUndefined() {
        PerformanceWindow empty = new PerformanceWindow();
        assertThat(empty.metrics().values()).allMatch(v -> Double.isNaN(v));
        PerformanceWindow onlyPositives = window(new double[] {0.2, 0.9}, new double[] {1, 1});
        assertThat(onlyPositives.auc()).isNaN();
        assertThat(onlyPositives.accuracy()).isEqualTo(0.5);
    }

    @Test
    void shouldClipCertainWrongScoresInLogLossAsScikitLearnDoes() {
        PerformanceWindow w = window(new double[] {0.0, 1.0}, new double[] {1, 0});
        assertThat(w.logLoss()).isCloseTo((-Math.log(1e-15) - Math.log(1 - (1 - 1e-15))) / 2, within(1e-9)).isFinite();
    }

    @Test
    void shouldRoundTripItsScalarsAndRefuseGarbage() {
        double[][] d = data(3, 500, 0);
        PerformanceWindow w = window(d[0], d[1]);
        PerformanceWindow back = PerformanceWindow.fromScalarBytes(w.scalarBytes());
        for (int b = 0; b < PerformanceWindow.AUC_BINS; b++) {
            back.setBinCount(true, b, w.binCount(true, b));
            back.setBinCount(false, b, w.binCount(false, b));
        }
        assertThat(back.metrics()).isEqualTo(w.metrics());
        assertThatThrownBy(() -> PerformanceWindow.fromScalarBytes(new byte[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PerformanceWindow.fromScalarBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    }
}
