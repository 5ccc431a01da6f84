package io.inferstream.recommend;

import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Online recommendations: user-events -> user side (prequential evaluation, p_u step, feed debounce) ->
 * item-factor-updates -> item side (q_i step, popularity) -> item-factors (compacted) -> global store and item
 * index on every instance -> feeds on recommendations; explicit recommendation-requests answered from the same
 * index; prequential recall@N per window on model-drift-metrics; bad input on dead-letters. A pure factory.
 *
 * <p>Why an explicit item-factor-updates topic rather than an internal repartition: an item's factors have exactly
 * one writer (its partition), every partition owns a share of the items so no task becomes the bottleneck, and the
 * topic is a documented, observable interface between the two sides.
 *
 * <p>Co-partitioning: recommendation-requests shares the user side's task (and its profile store) with user-events,
 * so the two must have equal partition counts (a request would otherwise reach a task that does not hold its user);
 * {@code RecommendTopologyFactory} checks the topics before it starts.
 */
public final class RecommendTopology {

    /**
     * What the topology needs from the running application.
     *
     * @param index    this instance's item matrix, filled from the global store and read by the stream threads and
     *                 the HTTP queries
     * @param stats    staleness of item factors, events, feeds and dead letters, recorded here and read by metrics and
     *                 benchmarks
     * @param events   registry deserializer of user events (a fresh one per task)
     * @param requests registry deserializer of feed requests
     * @param profiles serde of the user-profile store
     */
    public record Collaborators(ItemIndex index, RecommenderStats stats, Supplier<Deserializer<UserEvent>> events,
                                Supplier<Deserializer<RecommendationRequest>> requests, Serde<UserProfile> profiles) {
        public Collaborators {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(stats, "stats");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(requests, "requests");
            Objects.requireNonNull(profiles, "profiles");
        }
    }

    private RecommendTopology() {
    }

    public static Topology build(RecommendSettings settings, RecommendTopics topics, Collaborators c) {
        if (c.index().factors() != settings.factors()) {
            throw new IllegalArgumentException("item index has " + c.index().factors() + " factors, settings " + settings.factors());
        }
        StreamsBuilder builder = new StreamsBuilder();
        Serde<ItemFactors> itemSerde = topics.itemFactors().valueSerde();
        // User profiles: persistent (one per user, may outgrow memory). Caching on: a user's several events within a
        // commit interval reach the changelog as one record, and reads of active users are served from the cache.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RecommendStores.USER_PROFILES),
            Serdes.String(), c.profiles()).withCachingEnabled().withLoggingEnabled(Map.of()));
        // Pending feeds: in memory (only users with a feed due within the debounce). Caching on: a user marked and
        // published within one commit interval, the common case, never reaches the changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommendStores.PENDING_FEEDS),
            Serdes.String(), Serdes.Long()).withCachingEnabled().withLoggingEnabled(Map.of()));
        // Evaluation counts of this task's open windows (a few entries, updated per event): in memory, cached,
        // changelogged so that counts of events already committed survive a crash.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(UserEventProcessor.EVAL_STORE),
            Serdes.Long(), EvalCounts.serde()).withCachingEnabled().withLoggingEnabled(Map.of()));
        // Item state: persistent and cached (a popular item's many updates per commit interval: one changelog record).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RecommendStores.ITEM_STATE),
            Serdes.String(), itemSerde).withCachingEnabled().withLoggingEnabled(Map.of()));

        // The item-factors topic is its own changelog (global stores have none); no cache: nothing reads it downstream.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RecommendStores.ITEM_FACTORS_GLOBAL),
                Serdes.String(), itemSerde).withLoggingDisabled(),
            topics.itemFactors().name(), Consumed.with(Serdes.String(), itemSerde).withName("item-factors-global"),
            () -> new ItemFactorsGlobalProcessor(c.index(), c.stats()));

        // User side: no repartition, user-events is keyed by user id (other keys are dead-lettered, see Rejections).
        KStream<String, RecommendOutput> fromEvents = builder
            .stream(topics.userEvents().name(), topics.userEvents().consumed("user-events-source"))
            .process(() -> new UserEventProcessor(settings, decoder(settings, c), c.index(), c.stats()), Named.as("learn-user"),
                RecommendStores.USER_PROFILES, RecommendStores.PENDING_FEEDS, UserEventProcessor.EVAL_STORE);
        KStream<String, RecommendOutput> fromRequests = builder
            .stream(topics.requests().name(), topics.requests().consumed("recommendation-requests-source"))
            .process(() -> new FeedRequestProcessor(settings.feedSize(), decoder(settings, c), c.index()),
                Named.as("answer-request"), RecommendStores.USER_PROFILES);

        fromEvents.merge(fromRequests, Named.as("user-side-outputs")).split(Named.as("user-output-"))
            .branch((k, v) -> v instanceof RecommendOutput.ItemUpdate, Branched.withConsumer(s -> s
                .mapValues(v -> ((RecommendOutput.ItemUpdate) v).update(), Named.as("item-update"))
                .to(topics.itemFactorUpdates().name(), topics.itemFactorUpdates().produced("item-factor-updates-sink")), "item-update"))
            .branch((k, v) -> v instanceof RecommendOutput.Feed, Branched.withConsumer(s -> s
                .mapValues(v -> {
                    c.stats().recordFeed();
                    return ((RecommendOutput.Feed) v).feed();
                }, Named.as("feed"))
                .to(topics.recommendations().name(), topics.recommendations().produced("recommendations-sink")), "feed"))
            .branch((k, v) -> v instanceof RecommendOutput.DeadLettered, Branched.withConsumer(s -> s
                .map((k, v) -> {
                    RecommendOutput.DeadLettered d = (RecommendOutput.DeadLettered) v;
                    c.stats().recordDeadLetter(d.letter().getErrorCode());
                    return KeyValue.pair(d.key(), d.letter());
                }, Named.as("dead-letter"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("recommend-dead-letters-sink")), "dead-letter"))
            .branch((k, v) -> v instanceof RecommendOutput.Progress, Branched.withConsumer(s ->
                RecallMetrics.addTo(builder, s.mapValues(v -> ((RecommendOutput.Progress) v).progress(), Named.as("eval-progress")),
                    settings.evalTopN(), settings.evalWindow(), idleTimeout(settings), topics.userPartitions(), topics.driftMetrics()),
                "eval-progress"));

        // Item side: keyed by item id, so each item is updated on its own partition only.
        builder.stream(topics.itemFactorUpdates().name(), topics.itemFactorUpdates().consumed("item-factor-updates-source"))
            .process(() -> new ItemUpdateProcessor(settings.mf(), settings.popularityWindow().toMillis(), c.stats()),
                Named.as("learn-item"), RecommendStores.ITEM_STATE)
            .to(topics.itemFactors().name(), topics.itemFactors().produced("item-factors-sink"));
        return builder.build();
    }

    /** A partition without events for a window and its grace (at least 10 s) stops holding the recall metric back. */
    static java.time.Duration idleTimeout(RecommendSettings settings) {
        java.time.Duration d = settings.evalWindow().plus(settings.evalWindowGrace());
        return d.compareTo(java.time.Duration.ofSeconds(10)) < 0 ? java.time.Duration.ofSeconds(10) : d;
    }

    private static InputDecoder decoder(RecommendSettings settings, Collaborators c) {
        return new InputDecoder(settings, c.events().get(), c.requests().get());
    }
}
