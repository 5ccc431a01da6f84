package io.inferstream.recommend.eval;

import io.inferstream.recommend.UserAdaptation;
import java.util.Objects;

/**
 * How {@link QualityRun} evaluates.
 *
 * @param topN              size of the recommendation list a hit is counted in (recall@N, N = 10 in the issue)
 * @param offlineTrainShare share of the stream the offline model is fitted on; it is evaluated on the rest. 0
 *                          skips the offline model
 * @param offlineEpochs     alternating least-squares sweeps of the offline model ({@link ImplicitAls})
 * @param offlineLambda     the offline model's L2 penalty
 * @param offlineAlpha      the offline model's confidence per observed event
 * @param buckets           tumbling buckets of the per-bucket recall series
 * @param shiftWindowShare  window of the shift-recovery series, as a share of the post-shift events
 * @param preShiftWindows   windows just before the shift whose recall is the pre-shift level
 * @param recoveryTolerance recall counts as recovered at {@code (1 - recoveryTolerance) * pre-shift level}
 * @param adaptation        the online model's user-side rule on top of ISGD ({@link UserAdaptation#none()}: plain
 *                          ISGD)
 */
public record QualityOptions(int topN, double offlineTrainShare, int offlineEpochs, double offlineLambda,
                             double offlineAlpha, int buckets, double shiftWindowShare,
                             int preShiftWindows, double recoveryTolerance, UserAdaptation adaptation) {

    public QualityOptions {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1, got " + topN);
        }
        if (!(offlineTrainShare >= 0 && offlineTrainShare < 1)) {
            throw new IllegalArgumentException("offlineTrainShare must be in [0, 1), got " + offlineTrainShare);
        }
        if (offlineEpochs < 1) {
            throw new IllegalArgumentException("offlineEpochs must be >= 1, got " + offlineEpochs);
        }
        if (!(offlineLambda > 0 && Double.isFinite(offlineLambda)) || !(offlineAlpha > 0 && Double.isFinite(offlineAlpha))) {
            throw new IllegalArgumentException("offlineLambda and offlineAlpha must be finite and > 0, got " + offlineLambda
                + ", " + offlineAlpha);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
        }
        if (!(shiftWindowShare > 0 && shiftWindowShare <= 1)) {
            throw new IllegalArgumentException("shiftWindowShare must be in (0, 1], got " + shiftWindowShare);
        }
        if (preShiftWindows < 1) {
            throw new IllegalArgumentException("preShiftWindows must be >= 1, got " + preShiftWindows);
        }
        if (!(recoveryTolerance >= 0 && recoveryTolerance < 1)) {
            throw new IllegalArgumentException("recoveryTolerance must be in [0, 1), got " + recoveryTolerance);
        }
        Objects.requireNonNull(adaptation, "adaptation");
    }

    /**
     * recall@10; offline implicit ALS on the first 80%, 10 sweeps, lambda 10, alpha 1 (the best of a small grid); 50 buckets; shift recovery in windows of 2% of the
     * post-shift events against the 5 windows before the shift, within 10%; the online model with
     * {@link UserAdaptation#defaults()} (what the topology runs).
     */
    public static QualityOptions defaults() {
        return new QualityOptions(10, 0.8, 10, 10.0, 1.0, 50, 0.02, 5, 0.10, UserAdaptation.defaults());
    }

    public QualityOptions withOffline(double trainShare, int epochs) {
        return new QualityOptions(topN, trainShare, epochs, offlineLambda, offlineAlpha, buckets, shiftWindowShare,
            preShiftWindows, recoveryTolerance, adaptation);
    }

    public QualityOptions withOfflineRegularization(double lambda, double alpha) {
        return new QualityOptions(topN, offlineTrainShare, offlineEpochs, lambda, alpha, buckets, shiftWindowShare,
            preShiftWindows, recoveryTolerance, adaptation);
    }

    /** The online model with another user-side rule ({@link UserAdaptation#none()}: plain ISGD). */
    public QualityOptions withAdaptation(UserAdaptation newAdaptation) {
        return new QualityOptions(topN, offlineTrainShare, offlineEpochs, offlineLambda, offlineAlpha, buckets,
            shiftWindowShare, preShiftWindows, recoveryTolerance, newAdaptation);
    }

    /** Without the offline model (e.g. for a run with a shift, where a frozen model says little). */
    public QualityOptions withoutOffline() {
        return withOffline(0, offlineEpochs);
    }
}
