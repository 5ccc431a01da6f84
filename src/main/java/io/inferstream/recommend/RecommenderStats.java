package io.inferstream.recommend;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * How stale the item factors are that users are scored and trained with, recorded by the running topology and read
 * by metrics and benchmarks from any thread. HdrHistogram rather than hand-written buckets: exact enough percentiles
 * at constant memory, with lock-free concurrent recording.
 *
 * <ul>
 *   <li>staleness in updates: when the item side applies a user's update, how many updates of that item the user
 *       side had not yet seen when it scored and learned with the item ({@code version before - seenVersion});</li>
 *   <li>visibility lag in ms: from {@code ItemFactors.updatedAt} on the item's partition to the moment this
 *       instance's global store and item index hold it.</li>
 * </ul>
 */
public final class RecommenderStats {

    /** Up to a million updates behind / an hour of lag; larger values are clamped to these. */
    private static final long MAX_UPDATES = 1_000_000L;
    private static final long MAX_LAG_MS = 3_600_000L;

    private final Histogram stalenessUpdates = new ConcurrentHistogram(MAX_UPDATES, 2);
    private final Histogram visibilityLagMs = new ConcurrentHistogram(MAX_LAG_MS, 2);
    private final LongAdder itemUpdatesRejected = new LongAdder();

    /** Percentiles of one histogram at the time of the call. */
    public record Percentiles(long count, long p50, long p99, long max) {
    }

    void recordStaleness(long updatesBehind) {
        stalenessUpdates.recordValue(Math.min(MAX_UPDATES, Math.max(0, updatesBehind)));
    }

    void recordVisibilityLag(long ms) {
        visibilityLagMs.recordValue(Math.min(MAX_LAG_MS, Math.max(0, ms)));
    }

    void recordRejectedItemUpdate() {
        itemUpdatesRejected.increment();
    }

    /** Item updates applied so far and how many updates their user side was behind. */
    public Percentiles stalenessUpdates() {
        return percentiles(stalenessUpdates);
    }

    /** ItemFactors made visible to scoring on this instance so far, and their lag in milliseconds. */
    public Percentiles visibilityLagMs() {
        return percentiles(visibilityLagMs);
    }

    /** Item updates the item side refused (wrong vector length or non-finite values): a producer bug, never input. */
    public long itemUpdatesRejected() {
        return itemUpdatesRejected.sum();
    }

    private static Percentiles percentiles(Histogram h) {
        Histogram copy = h.copy();
        return new Percentiles(copy.getTotalCount(), copy.getValueAtPercentile(50), copy.getValueAtPercentile(99),
            copy.getMaxValue());
    }
}
