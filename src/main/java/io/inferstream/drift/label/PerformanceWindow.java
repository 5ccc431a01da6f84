package io.inferstream.drift.label;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One window of labelled results of one model version: log loss, AUC, accuracy at 0.5 and calibration, in bounded
 * state (about 16 KB whatever the window's size).
 *
 * <p><b>AUC from score histograms.</b> Exact AUC needs every score. Here each label keeps a histogram of
 * {@value #AUC_BINS} equal bins over [0, 1]; a positive-negative pair in different bins is ordered exactly, a pair in the
 * same bin counts as a tie (1/2). The error against the exact (Mann-Whitney) AUC is therefore at most half the share of
 * positive-negative pairs that share a bin, {@link #aucErrorBound()}, which the window knows exactly: with scores
 * spread over [0, 1] it is of the order of 1/(2 {@value #AUC_BINS}) or less (the tests check it against an exact
 * pairwise computation). Written here rather than taken from a library because it is a few lines and a sketch
 * (DataSketches KLL) would give a rank error bound that is harder to state for a pair count.
 *
 * <p><b>Calibration</b>: expected calibration error over {@value #CALIBRATION_BINS} equal-width score bins, {@code
 * sum_b (n_b / n) |mean score_b - mean label_b|} (exact: each bin keeps its count and both sums), plus the mean predicted
 * probability and the observed positive rate.
 *
 * <p>Labels are in [0, 1]; log loss, calibration and the observed rate use them as they are, AUC and accuracy count a
 * label of at least 0.5 as positive. Log loss clips scores to [1e-15, 1 - 1e-15] as scikit-learn does.
 */
public final class PerformanceWindow {

    /** Score bins of the AUC histograms. */
    public static final int AUC_BINS = 1000;
    /** Score bins of the expected calibration error. */
    public static final int CALIBRATION_BINS = 10;
    static final double EPS = 1e-15;
    private static final byte FORMAT = 1;

    private long count;
    private long correct;
    private double labelSum;
    private double scoreSum;
    private double logLossSum;
    private final long[] calibrationCount = new long[CALIBRATION_BINS];
    private final double[] calibrationScore = new double[CALIBRATION_BINS];
    private final double[] calibrationLabel = new double[CALIBRATION_BINS];
    private final long[] positives = new long[AUC_BINS];
    private final long[] negatives = new long[AUC_BINS];

    /** The AUC bin of a score (scores outside [0, 1] are clamped). */
    public static int aucBin(double score) {
        return (int) Math.min(AUC_BINS - 1, Math.max(0, Math.floor(score * AUC_BINS)));
    }

    /** Adds one labelled result; returns its AUC bin. Scores are clamped to [0, 1], labels must be in [0, 1]. */
    public int add(double score, double label) {
        double s = Math.min(1, Math.max(0, score));
        double p = Math.min(1 - EPS, Math.max(EPS, s));
        count++;
        labelSum += label;
        scoreSum += s;
        logLossSum -= label * Math.log(p) + (1 - label) * Math.log(1 - p);
        boolean positive = label >= 0.5;
        if ((s >= 0.5) == positive) {
            correct++;
        }
        int c = (int) Math.min(CALIBRATION_BINS - 1, Math.floor(s * CALIBRATION_BINS));
        calibrationCount[c]++;
        calibrationScore[c] += s;
        calibrationLabel[c] += label;
        int bin = aucBin(s);
        if (positive) {
            positives[bin]++;
        } else {
            negatives[bin]++;
        }
        return bin;
    }

    public long count() {
        return count;
    }

    /** Count of one histogram bin. */
    public long binCount(boolean positive, int bin) {
        return positive ? positives[bin] : negatives[bin];
    }

    /** Sets one histogram bin (restoring from a store). */
    public void setBinCount(boolean positive, int bin, long n) {
        (positive ? positives : negatives)[bin] = n;
    }

    public double logLoss() {
        return count == 0 ? Double.NaN : logLossSum / count;
    }

    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }

    public double meanPredicted() {
        return count == 0 ? Double.NaN : scoreSum / count;
    }

    public double observedRate() {
        return count == 0 ? Double.NaN : labelSum / count;
    }

    /** Expected calibration error over {@value #CALIBRATION_BINS} equal-width bins. */
    public double expectedCalibrationError() {
        if (count == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (calibrationCount[b] > 0) {
                ece += Math.abs(calibrationScore[b] - calibrationLabel[b]) / count;
            }
        }
        return ece;
    }

    /** AUC from the histograms (ties within a bin count 1/2); NaN without both a positive and a negative. */
    public double auc() {
        double pos = 0;
        double neg = 0;
        double ordered = 0;
        for (int b = 0; b < AUC_BINS; b++) {
            ordered += positives[b] * (neg + 0.5 * negatives[b]);
            pos += positives[b];
            neg += negatives[b];
        }
        return pos == 0 || neg == 0 ? Double.NaN : ordered / (pos * neg);
    }

    /** Most the histogram AUC can differ from the exact one: half the share of positive-negative pairs in one bin. */
    public double aucErrorBound() {
        double pos = 0;
        double neg = 0;
        double tied = 0;
        for (int b = 0; b < AUC_BINS; b++) {
            tied += (double) positives[b] * negatives[b];
            pos += positives[b];
            neg += negatives[b];
        }
        return pos == 0 || neg == 0 ? Double.NaN : 0.5 * tied / (pos * neg);
    }

    /** Every metric this window publishes, by name (see {@link PerformanceMetrics}). */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(PerformanceMetrics.LOG_LOSS, logLoss());
        m.put(PerformanceMetrics.AUC, auc());
        m.put(PerformanceMetrics.ACCURACY, accuracy());
        m.put(PerformanceMetrics.EXPECTED_CALIBRATION_ERROR, expectedCalibrationError());
        m.put(PerformanceMetrics.MEAN_PREDICTED, meanPredicted());
        m.put(PerformanceMetrics.OBSERVED_RATE, observedRate());
        return m;
    }

    /** Everything but the AUC histograms (the stream stores each histogram bin under its own key). */
    public byte[] scalarBytes() {
        ByteBuffer out = ByteBuffer.allocate(1 + 8 * 5 + CALIBRATION_BINS * 24).put(FORMAT)
            .putLong(count).putLong(correct).putDouble(labelSum).putDouble(scoreSum).putDouble(logLossSum);
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            out.putLong(calibrationCount[b]).putDouble(calibrationScore[b]).putDouble(calibrationLabel[b]);
        }
        return out.array();
    }

    /** A window from {@link #scalarBytes()}, with empty histograms. */
    public static PerformanceWindow fromScalarBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown performance window format");
            }
            PerformanceWindow w = new PerformanceWindow();
            w.count = in.getLong();
            w.correct = in.getLong();
            w.labelSum = in.getDouble();
            w.scoreSum = in.getDouble();
            w.logLossSum = in.getDouble();
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                w.calibrationCount[b] = in.getLong();
                w.calibrationScore[b] = in.getDouble();
                w.calibrationLabel[b] = in.getDouble();
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in a performance window");
            }
            return w;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("performance window truncated (" + bytes.length + " bytes)", e);
        }
    }
}
