package io.inferstream.recommend;

import io.inferstream.avro.EventType;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The user side of online matrix factorization, on the user's partition. For each valid event, in this order:
 * <ol>
 *   <li>prequential evaluation (the ISGD paper's protocol): is the event's item in the user's current top-N, as
 *       {@link Feeds} would serve it? Counted into this task's tumbling event-time window;</li>
 *   <li>learning: p_u (and b_u for ratings) takes one guarded SGD step against this instance's replica of q_i
 *       ({@link FactorInit} for an item it has not seen yet, the same vector the item side starts from); for
 *       positive feedback {@link UserStep} runs, by default a closed-form refit of p_u over the profile's recent
 *       items ({@link UserRefit});</li>
 *   <li>the item update (p_u before the step) goes to the item's partition through item-factor-updates;</li>
 *   <li>the user's feed is marked pending.</li>
 * </ol>
 * A wall-clock punctuator publishes due feeds and closes evaluation windows.
 *
 * <p>Debounce: the first event after a user's last feed sets the feed due at wall-clock now + debounce; later events
 * before that join it without postponing it. So a busy user gets at most one feed per debounce interval and never
 * waits more than about one interval. Wall clock rather than event time: feeds are for people looking now, and a
 * replay of old events must not make every feed due at once.
 */
final class UserEventProcessor implements Processor<byte[], byte[], String, RecommendOutput> {

    static final String EVAL_STORE = "recommend-eval-counts";
    private static final String NAME = "learn-user";

    private final RecommendSettings settings;
    private final MfSettings mf;
    private final InputDecoder decoder;
    private final ItemIndex index;
    private final Feeds feeds;
    private final RecommenderStats stats;
    private UserStep step;
    private ProcessorContext<String, RecommendOutput> context;
    private KeyValueStore<String, UserProfile> profiles;
    private KeyValueStore<String, Long> pending;
    private KeyValueStore<Long, EvalCounts> eval;

    UserEventProcessor(RecommendSettings settings, InputDecoder decoder, ItemIndex index) {
        this(settings, decoder, index, new RecommenderStats());
    }

    UserEventProcessor(RecommendSettings settings, InputDecoder decoder, ItemIndex index, RecommenderStats stats) {
        this.stats = stats;
        this.settings = settings;
        this.mf = settings.mf();
        this.decoder = decoder;
        this.index = index;
        this.feeds = new Feeds(index);
    }

    @Override
    public void init(ProcessorContext<String, RecommendOutput> context) {
        this.context = context;
        this.profiles = context.getStateStore(RecommendStores.USER_PROFILES);
        this.pending = context.getStateStore(RecommendStores.PENDING_FEEDS);
        this.eval = context.getStateStore(EVAL_STORE);
        // One popularity sample and random source per task, in memory: after a restart the sample refills within a
        // few thousand events (the negatives it draws are a regularizer, not state that must survive).
        this.step = new UserStep(mf, settings.adaptation(), new PopularItems(settings.adaptation().recentItems()),
            id -> index.factorsOf(id).orElse(null), new SplittableRandom(mf.seed() ^ context.taskId().hashCode()),
            new ItemGramian(index, settings.adaptation().refit().gramRefresh()));
        context.schedule(tick(settings.feedDebounce()), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /** Half the debounce, between 10 ms and 1 s: a feed is late by at most that much. */
    static Duration tick(Duration debounce) {
        long ms = Math.max(10, Math.min(1000, debounce.toMillis() / 2));
        return Duration.ofMillis(ms);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        UserEvent event;
        try {
            event = decoder.event(Rejections.topic(context), record.value());
            if (!Rejections.keyedBy(record.key(), event.getUserId())) {
                throw new EventRejectedException(EventRejectCode.WRONG_KEY, "key is not the userId " + event.getUserId());
            }
        } catch (EventRejectedException e) {
            Rejections.forward(context, record, e.code(), e.getMessage(), NAME);
            return;
        }
        stats.recordEvent(event.getType());
        String userId = event.getUserId();
        UserProfile profile = profiles.get(userId);
        evaluate(event, profile, record.timestamp());
        learn(event, profile);
        if (pending.get(userId) == null) {
            pending.put(userId, context.currentSystemTimeMs() + settings.feedDebounce().toMillis());
        }
    }

    /**
     * Windows by the record timestamp, the time Streams' stream time is made of (for user-events the producer's
     * CreateTime: the event time for live events), so that a window is assigned and closed on the same clock.
     */
    private void evaluate(UserEvent event, UserProfile profile, long time) {
        if (!sampled(event, time)) {
            return;
        }
        long size = settings.evalWindow().toMillis();
        long windowStart = Math.floorDiv(time, size) * size;
        if (windowStart + size + settings.evalWindowGrace().toMillis() <= context.currentStreamTimeMs()) {
            return; // its window is closed: too late to count, as Streams' own windows drop late records
        }
        boolean hit = false;
        for (Scored s : feeds.rank(profile, settings.evalTopN())) {
            hit |= s.itemId().equals(event.getItemId());
        }
        EvalCounts counts = eval.get(windowStart);
        eval.put(windowStart, (counts == null ? EvalCounts.ZERO : counts).plus(hit));
    }

    /** Deterministic sampling (hash of user, item and time), so a replay evaluates the same events. */
    private boolean sampled(UserEvent event, long time) {
        double rate = settings.evalSampleRate();
        if (rate >= 1) {
            return true;
        }
        long h = FactorInit.fingerprint(event.getUserId() + '\u0000' + event.getItemId() + '\u0000' + time);
        return (h >>> 11) * 0x1.0p-53 < rate;
    }

    private void learn(UserEvent event, UserProfile profile) {
        String userId = event.getUserId();
        String itemId = event.getItemId();
        float[] p = feeds.hasFactors(profile) ? Feeds.toArray(profile.getFactors()) : FactorInit.of(userId, mf);
        float bias = profile == null ? 0f : profile.getBias();
        float[] q = index.factorsOf(itemId).orElseGet(() -> FactorInit.of(itemId, mf));
        float itemBias = index.biasOf(itemId);
        List<Float> sent = Feeds.toList(p);
        List<String> seen = RecentItems.append(profile == null ? List.of() : profile.getSeen(), itemId, settings.seenMax());
        float weight = decoder.weight(event);
        float itemWeight = weight;
        Double rating = event.getType() == EventType.RATING ? event.getValue() : null;
        if (rating != null) {
            float newBias = MfUpdates.rating(p, bias, q, itemBias, rating, weight, mf);
            bias = Float.isNaN(newBias) ? bias : newBias;
        } else {
            // Positive feedback: the refit over the recent items (or ISGD) plus any negatives (UserStep documents the
            // order); the item side learns from p_u after the user's step, at its own relative weight.
            UserStep.Result r = step.learn(p, itemId, q, weight, seen);
            sent = Feeds.toList(r.sent());
            itemWeight = r.itemWeight();
        }
        profiles.put(userId, UserProfile.newBuilder()
            .setUserId(userId)
            .setFactors(Feeds.toList(p))
            .setBias(bias)
            .setEvents(profile == null ? 1 : profile.getEvents() + 1)
            .setSeen(seen)
            .setUpdatedAt(event.getTimestamp())
            .build());
        ItemFactorUpdate update = ItemFactorUpdate.newBuilder()
            .setItemId(itemId)
            .setUserId(userId)
            .setUserFactors(sent)
            .setUserBias(profile == null ? 0f : profile.getBias())
            .setRating(rating)
            .setWeight(itemWeight)
            .setSeenVersion(index.versionOf(itemId))
            .setEventTime(event.getTimestamp())
            .build();
        // Wall-clock timestamp: item-factor-updates expires by time (1 day), and the update of a replayed old event
        // must not be deleted before the item side reads it. The event time travels in the record itself.
        context.forward(new Record<>(itemId, new RecommendOutput.ItemUpdate(update), context.currentSystemTimeMs()));
    }

    private void punctuate(long now) {
        publishDueFeeds(now);
        closeEvalWindows(now);
    }

    private void publishDueFeeds(long now) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> e = it.next();
                if (e.value <= now) {
                    due.add(e.key);
                }
            }
        }
        for (String userId : due) {
            RecommendOutput feed = new RecommendOutput.Feed(feeds.feed(userId, profiles.get(userId), settings.feedSize(), now));
            context.forward(new Record<>(userId, feed, now));
            pending.delete(userId);
        }
    }

    /**
     * Forwards this task's counts of every window that stream time has closed, with its watermark, then forgets
     * them. Sent at every tick, even with nothing closed, so that the sum knows how far every task has got.
     */
    private void closeEvalWindows(long now) {
        if (context.currentStreamTimeMs() < 0) {
            return; // no record yet: this task knows nothing, and must not hold the sum back
        }
        long watermark = context.currentStreamTimeMs() - settings.evalWindowGrace().toMillis();
        long size = settings.evalWindow().toMillis();
        Map<Long, EvalCounts> closed = new TreeMap<>();
        try (KeyValueIterator<Long, EvalCounts> it = eval.all()) {
            while (it.hasNext()) {
                KeyValue<Long, EvalCounts> e = it.next();
                if (e.key + size <= watermark) {
                    closed.put(e.key, e.value);
                }
            }
        }
        EvalProgress progress = new EvalProgress(context.taskId().partition(), watermark, closed);
        context.forward(new Record<>(RecallMetrics.KEY, new RecommendOutput.Progress(progress), now));
        closed.keySet().forEach(eval::delete);
    }
}
