package io.inferstream.recommend.eval;

import java.util.List;

/**
 * The outcome of a {@link QualityRun}: prequential recall@N of the online ISGD model, of the popularity baseline and
 * of an offline model, per bucket, and the recovery after a planted preference shift.
 *
 * @param topN                         N of recall@N
 * @param events                       events evaluated
 * @param recall                       online ISGD, prequential, over all events
 * @param popularityRecall             most popular unseen items so far, prequential, over all events
 * @param offlineRecall                offline MF fitted on the first {@code offlineTrainEvents}, frozen, over the rest;
 *                                     NaN when not computed
 * @param onlineRecallOnOfflineEvents  the online model's prequential recall on exactly those events; NaN when not
 *                                     computed
 * @param offlineTrainEvents           length of the offline model's training prefix (0: no offline model)
 * @param buckets                      tumbling buckets in stream order
 * @param shift                        recovery after the planted shift, null without one
 */
public record QualityReport(int topN, long events, double recall, double popularityRecall, double offlineRecall,
                            double onlineRecallOnOfflineEvents, long offlineTrainEvents, List<Bucket> buckets,
                            ShiftRecovery shift) {

    public QualityReport {
        buckets = List.copyOf(buckets);
    }

    /** recall / popularityRecall (infinite when popularity never hits). */
    public double liftOverPopularity() {
        return recall / popularityRecall;
    }

    /** onlineRecallOnOfflineEvents / offlineRecall. */
    public double onlineToOffline() {
        return onlineRecallOnOfflineEvents / offlineRecall;
    }

    /** Recall of events {@code [from, to)}. */
    public record Bucket(long from, long to, double recall, double popularityRecall) {
    }

    /**
     * @param shiftAt              event index of the shift
     * @param windowEvents         events per recovery window
     * @param preShiftRecall       online recall over the windows just before the shift
     * @param lowestRecall         the lowest window recall after the shift
     * @param recovered            whether a post-shift window reached {@code (1 - tolerance) * preShiftRecall}
     * @param recoveredAfterEvents post-shift events up to the end of the first such window (all post-shift events
     *                             when never)
     * @param recoveryFraction     recoveredAfterEvents as a share of the post-shift events (1 when never)
     * @param windows              the post-shift windows' recall, in order
     */
    public record ShiftRecovery(long shiftAt, long windowEvents, double preShiftRecall, double lowestRecall,
                                boolean recovered, long recoveredAfterEvents, double recoveryFraction,
                                List<Double> windows) {
        public ShiftRecovery {
            windows = List.copyOf(windows);
        }
    }
}
