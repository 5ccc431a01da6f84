package io.inferstream.recommend;

import io.inferstream.avro.EventType;
import io.inferstream.inference.DeadLetterCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>The same values, plus events by type, feeds and dead letters, go to the instance's meter registry (names are the
 * metrics contract, README "Metrics and health"): {@code inferstream.recommend.events} [type],
 * {@code inferstream.recommend.feeds}, {@code inferstream.recommend.item.factor.staleness} (updates),
 * {@code inferstream.recommend.item.factor.visibility} (a timer) and {@code inferstream.dead.letters}
 * [topology=recommend, code]. Every meter is created here once, so recording is an increment.
 */
public final class RecommenderStats {

    public static final String EVENTS = "inferstream.recommend.events";
    public static final String FEEDS = "inferstream.recommend.feeds";
    public static final String STALENESS = "inferstream.recommend.item.factor.staleness";
    public static final String VISIBILITY = "inferstream.recommend.item.factor.visibility";
    public static final String TOPOLOGY = "recommend";

    /** Up to a million updates behind / an hour of lag; larger values are clamped to these. */
    private static final long MAX_UPDATES = 1_000_000L;
    private static final long MAX_LAG_MS = 3_600_000L;

    private final Histogram stalenessUpdates = new ConcurrentHistogram(MAX_UPDATES, 2);
    private final Histogram visibilityLagMs = new ConcurrentHistogram(MAX_LAG_MS, 2);
    private final LongAdder itemUpdatesRejected = new LongAdder();
    private final Map<EventType, Counter> events = new EnumMap<>(EventType.class);
    private final Counter feeds;
    private final DistributionSummary staleness;
    private final Timer visibility;
    private final DeadLetterCounter deadLetters;

    /** Stats that are only read in process (tests, benchmarks, describe). */
    public RecommenderStats() {
        this(new CompositeMeterRegistry());
    }

    /** Stats also exported to {@code meters}. */
    public RecommenderStats(MeterRegistry meters) {
        for (EventType type : EventType.values()) {
            if (type != EventType.UNKNOWN) {
                events.put(type, Counter.builder(EVENTS).description("User events learned from, by type")
                    .tag("type", type.name().toLowerCase(Locale.ROOT)).register(meters));
            }
        }
        feeds = Counter.builder(FEEDS).description("Feeds published to recommendations (event-driven and requested)")
            .register(meters);
        staleness = DistributionSummary.builder(STALENESS)
            .description("Updates of an item the user side had not seen when it learned with the item")
            .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_UPDATES)
            .register(meters);
        visibility = Timer.builder(VISIBILITY)
            .description("From an item-factor update on its partition to this instance's item index holding it")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMillis(MAX_LAG_MS))
            .register(meters);
        deadLetters = new DeadLetterCounter(meters, TOPOLOGY);
    }

    /** Percentiles of one histogram at the time of the call. */
    public record Percentiles(long count, long p50, long p99, long max) {
    }

    void recordStaleness(long updatesBehind) {
        long v = Math.min(MAX_UPDATES, Math.max(0, updatesBehind));
        stalenessUpdates.recordValue(v);
        staleness.record(v);
    }

    void recordVisibilityLag(long ms) {
        long v = Math.min(MAX_LAG_MS, Math.max(0, ms));
        visibilityLagMs.recordValue(v);
        visibility.record(v, TimeUnit.MILLISECONDS);
    }

    /** A valid user event the user side learns from. */
    void recordEvent(EventType type) {
        Counter c = events.get(type);
        if (c != null) {
            c.increment();
        }
    }

    /** A feed sent to recommendations. */
    void recordFeed() {
        feeds.increment();
    }

    /** A record the topology dead-lettered, by its error code. */
    void recordDeadLetter(String code) {
        deadLetters.count(code);
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
