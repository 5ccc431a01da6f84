package io.inferstream.recommend;

import static io.inferstream.recommend.RecommendFixture.key;
import static io.inferstream.recommend.RecommendFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedRequestProcessorTest {

    private final RecommendFixture fx = new RecommendFixture();
    private final RecommendSettings settings = RecommendFixture.settings();
    private final ItemIndex index = new ItemIndex(settings.factors());
    private MockProcessorContext<String, RecommendOutput> context;
    private KeyValueStore<String, UserProfile> profiles;
    private FeedRequestProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        profiles = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommendStores.USER_PROFILES), Serdes.String(), fx.profiles)
            .withLoggingDisabled().build();
        profiles.init(context.getStateStoreContext(), profiles);
        context.addStateStore(profiles);
        context.setRecordMetadata(RecommendFixture.REQUESTS, 0, 0);
        context.setCurrentSystemTimeMs(5_000);
        processor = new FeedRequestProcessor(settings.feedSize(), fx.decoder(settings), index);
        processor.init(context);
        index.upsert("cold", new float[] {-1, -1, -1, -1}, 0f, 1, 1);
        index.upsert("hot", new float[] {-1, -1, -1, -1}, 0f, 100, 1);
        index.upsert("warm", new float[] {1, 1, 1, 1}, 0f, 10, 1);
    }

    @AfterEach
    void tearDown() {
        profiles.close();
        fx.close();
    }

    private List<Recommendations> feeds() {
        return context.forwarded().stream().map(CapturedForward::record).map(Record::value)
            .filter(RecommendOutput.Feed.class::isInstance).map(v -> ((RecommendOutput.Feed) v).feed()).toList();
    }

    @Test
    void shouldAnswerAUserWithoutFactorsWithThePopularItems() {
        processor.process(new Record<>(key("new-user"), fx.bytes(request("new-user", 2)), 0));

        Recommendations feed = feeds().get(0);
        assertThat(feed.getSource()).isEqualTo(RecommendationSource.POPULAR);
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("hot", "warm");
        assertThat(feed.getItems()).extracting(RecommendedItem::getRank).containsExactly(1, 2);
        assertThat(feed.getGeneratedAt().toEpochMilli()).isEqualTo(5_000);
    }

    @Test
    void shouldAnswerAKnownUserByItsFactorsWithTheConfiguredKAndWithoutSeenItems() {
        profiles.put("u1", UserProfile.newBuilder().setUserId("u1").setFactors(RecommendFixture.list(1, 1, 1, 1)).setEvents(3)
            .setSeen(List.of("cold")).setUpdatedAt(Instant.EPOCH).build());

        processor.process(new Record<>(key("u1"), fx.bytes(request("u1", 0)), 0));

        Recommendations feed = feeds().get(0);
        assertThat(feed.getSource()).isEqualTo(RecommendationSource.FACTORS);
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("warm", "hot");
    }

    @Test
    void shouldDeadLetterABadRequestAndAnswerTheNextOne() {
        processor.process(new Record<>(key("u1"), new byte[] {42}, 0));
        processor.process(new Record<>(key("u1"), fx.bytes(request("u1", -1)), 0));
        processor.process(new Record<>(key("u1"), fx.bytes(request("", 1)), 0));
        processor.process(new Record<>(key("u1"), fx.bytes(request("u1", 1)), 0));

        assertThat(context.forwarded().stream().map(f -> f.record().value()).filter(RecommendOutput.DeadLettered.class::isInstance)
            .map(v -> ((RecommendOutput.DeadLettered) v).letter().getErrorCode()).toList())
            .containsExactly("UNDECODABLE_VALUE", "OUT_OF_RANGE", "MISSING_USER");
        assertThat(feeds()).hasSize(1);
    }
}
