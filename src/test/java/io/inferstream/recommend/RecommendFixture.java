package io.inferstream.recommend;

import io.inferstream.avro.EventType;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Serdes on a private mock registry scope, settings and records for the recommendation tests. */
final class RecommendFixture implements AutoCloseable {

    static final String EVENTS = "user-events";
    static final String REQUESTS = "recommendation-requests";

    final String scope = "recommend-" + UUID.randomUUID();
    final SchemaRegistryClient registry = MockSchemaRegistry.forScope(scope);
    final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + scope);
    final AvroSerde<UserEvent> events = AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false);
    final AvroSerde<RecommendationRequest> requests = AvroSerdes.specific(RecommendationRequest.class, registry, serdeConfig, false);
    final AvroSerde<ItemFactors> items = AvroSerdes.specific(ItemFactors.class, registry, serdeConfig, false);
    final AvroSerde<UserProfile> profiles = AvroSerdes.specific(UserProfile.class, registry, serdeConfig, false);

    /** 4 factors, 1 s debounce, 1 min evaluation windows with 10 s grace, recall@3, 3 seen items. */
    static RecommendSettings settings() {
        return settings(io.inferstream.recommend.UserAdaptation.none());
    }

    /** The same with the user side's adaptation (negatives, item weight). */
    static RecommendSettings settings(io.inferstream.recommend.UserAdaptation adaptation) {
        RecommendSettings d = RecommendSettings.defaults();
        return new RecommendSettings(4, d.learningRate(), d.regularization(), d.initScale(), d.seed(), d.forgetting(), d.maxNorm(),
            d.ratingMean(), d.ratingMin(), d.ratingMax(), 1.0, 1.0, 2.0, 1.0, 3, Duration.ofSeconds(1), 3, Duration.ofHours(1), 3,
            1.0, Duration.ofMinutes(1), Duration.ofSeconds(10), adaptation);
    }

    InputDecoder decoder(RecommendSettings settings) {
        return new InputDecoder(settings, events.deserializer(), requests.deserializer());
    }

    static UserEvent event(String user, String item, EventType type, double value, long time) {
        return UserEvent.newBuilder().setUserId(user).setItemId(item).setType(type).setValue(value)
            .setTimestamp(Instant.ofEpochMilli(time)).build();
    }

    byte[] bytes(UserEvent e) {
        return events.serializer().serialize(EVENTS, e);
    }

    byte[] bytes(RecommendationRequest r) {
        return requests.serializer().serialize(REQUESTS, r);
    }

    static RecommendationRequest request(String user, int k) {
        return RecommendationRequest.newBuilder().setUserId(user).setK(k).setTimestamp(Instant.ofEpochMilli(0)).build();
    }

    static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ItemFactors item(String id, float[] q, double popularity, long version) {
        return ItemFactors.newBuilder().setItemId(id).setFactors(Feeds.toList(q)).setBias(0f).setVersion(version)
            .setPopularity(popularity).setUpdatedAt(Instant.ofEpochMilli(0)).setLastEventAt(Instant.ofEpochMilli(0)).build();
    }

    static List<Float> list(float... v) {
        return Feeds.toList(v);
    }

    @Override
    public void close() {
        MockSchemaRegistry.dropScope(scope);
    }
}
