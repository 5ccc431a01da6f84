package io.inferstream.recommend;

import static io.inferstream.recommend.RecommendFixture.event;
import static io.inferstream.recommend.RecommendFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.EventType;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserEventProcessorTest {

    private static final long T0 = 1_700_000_000_000L;

    private final RecommendFixture fx = new RecommendFixture();
    private final RecommendSettings settings = RecommendFixture.settings();
    private final ItemIndex index = new ItemIndex(settings.factors());
    private MockProcessorContext<String, RecommendOutput> context;
    private KeyValueStore<String, UserProfile> profiles;
    private KeyValueStore<String, Long> pending;
    private KeyValueStore<Long, EvalCounts> eval;
    private UserEventProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        profiles = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommendStores.USER_PROFILES), Serdes.String(), fx.profiles)
            .withLoggingDisabled().build());
        pending = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommendStores.PENDING_FEEDS), Serdes.String(), Serdes.Long())
            .withLoggingDisabled().build());
        eval = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(UserEventProcessor.EVAL_STORE), Serdes.Long(), EvalCounts.serde())
            .withLoggingDisabled().build());
        context.setRecordMetadata(RecommendFixture.EVENTS, 0, 0);
        context.setCurrentSystemTimeMs(10_000);
        context.setCurrentStreamTimeMs(0);
        processor = new UserEventProcessor(settings, fx.decoder(settings), index);
        processor.init(context);
    }

    private <S extends KeyValueStore<?, ?>> S store(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @AfterEach
    void tearDown() {
        profiles.close();
        pending.close();
        eval.close();
        fx.close();
    }

    private void send(UserEvent e) {
        send(e.getUserId(), fx.bytes(e), e.getTimestamp().toEpochMilli());
    }

    private void send(String key, byte[] value, long time) {
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), time));
        processor.process(new Record<>(key == null ? null : key(key), value, time));
    }

    private <T> List<T> forwarded(Class<T> type) {
        return context.forwarded().stream().map(CapturedForward::record).map(Record::value).filter(type::isInstance).map(type::cast).toList();
    }

    private void punctuate(long now) {
        context.setCurrentSystemTimeMs(now);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    @Test
    void shouldLearnTheUserAndSendTheItemUpdateWithFactorsAfterThePositiveStep() {
        float[] q = {0.5f, 0.5f, 0.5f, 0.5f};
        index.upsert("i1", q, 0f, 1, 7);

        send(event("u1", "i1", EventType.CLICK, 1.0, T0));

        UserProfile profile = profiles.get("u1");
        float[] initial = FactorInit.of("u1", settings.mf());
        float[] expected = initial.clone();
        MfUpdates.isgd(expected, q, 1f, settings.mf());
        assertThat(Feeds.toArray(profile.getFactors())).containsExactly(expected);
        assertThat(profile.getEvents()).isEqualTo(1);
        assertThat(profile.getSeen()).containsExactly("i1");
        ItemFactorUpdate update = forwarded(RecommendOutput.ItemUpdate.class).get(0).update();
        assertThat(Feeds.toArray(update.getUserFactors())).containsExactly(expected);
        assertThat(update.getSeenVersion()).isEqualTo(7);
        assertThat(update.getRating()).isNull();
        assertThat(update.getWeight()).isEqualTo(1f);
        assertThat(context.forwarded().stream().filter(f -> f.record().value() instanceof RecommendOutput.ItemUpdate)
            .map(f -> (String) f.record().key()).toList()).containsExactly("i1");
    }

    @Test
    void shouldTakePopularityNegativesAndSendTheItemStepAtItsOwnWeight() {
        RecommendSettings adapted = RecommendFixture.settings(new UserAdaptation(2, 0.5f, 100, 0.25f));
        processor = new UserEventProcessor(adapted, fx.decoder(adapted), index);
        processor.init(context);
        float[] q1 = {0.5f, 0.5f, 0.5f, 0.5f};
        float[] q2 = {0.5f, -0.5f, 0.5f, -0.5f};
        index.upsert("i1", q1, 0f, 1, 1);
        index.upsert("i2", q2, 0f, 1, 1);

        send(event("u2", "i2", EventType.CLICK, 1.0, T0)); // i2 is now the only recently consumed item
        send(event("u1", "i1", EventType.CLICK, 1.0, T0 + 1));

        float[] expected = FactorInit.of("u1", adapted.mf());
        MfUpdates.isgd(expected, q1, 1f, adapted.mf());
        float[] sent = expected.clone();
        MfUpdates.negative(expected, q2, 0.5f, adapted.mf());
        MfUpdates.negative(expected, q2, 0.5f, adapted.mf());
        assertThat(Feeds.toArray(profiles.get("u1").getFactors())).containsExactly(expected);
        ItemFactorUpdate update = forwarded(RecommendOutput.ItemUpdate.class).get(1).update();
        assertThat(update.getItemId()).isEqualTo("i1");
        assertThat(Feeds.toArray(update.getUserFactors())).containsExactly(sent);
        assertThat(update.getWeight()).isEqualTo(0.25f);
    }

    @Test
    void shouldRefitTheUserOverTheProfilesRecentItemsWhenTheRefitIsOn() {
        UserRefit refit = new UserRefit(3, 1f, 1f, 0.5f, 1);
        RecommendSettings refitting = RecommendFixture.settings(UserAdaptation.none().withRefit(refit));
        processor = new UserEventProcessor(refitting, fx.decoder(refitting), index);
        processor.init(context);
        float[][] q = {{0.5f, 0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f, -0.5f}, {0.9f, 0f, 0f, 0.1f}, {0f, 0.7f, 0f, 0f}};
        for (int i = 0; i < q.length; i++) {
            index.upsert("i" + i, q[i], 0f, 1, 1);
        }

        for (int i = 0; i < q.length; i++) {
            send(event("u1", "i" + i, EventType.CLICK, 1.0, T0 + i));
        }

        // seen.max is 3: the profile keeps i1..i3, and the last refit used exactly those, the newest weighing most.
        UserProfile profile = profiles.get("u1");
        assertThat(profile.getSeen()).containsExactly("i1", "i2", "i3");
        float[] expected = new float[4];
        refit.refit(expected, List.of(q[1], q[2], q[3]), new ItemGramian(index, 1).current(), refitting.mf().maxNorm());
        assertThat(Feeds.toArray(profile.getFactors())).containsExactly(expected);
        ItemFactorUpdate update = forwarded(RecommendOutput.ItemUpdate.class).get(3).update();
        assertThat(Feeds.toArray(update.getUserFactors())).containsExactly(expected);
    }

    @Test
    void shouldStartAnUnknownItemFromItsDeterministicInitialFactors() {
        send(event("u1", "new-item", EventType.PURCHASE, 1.0, T0));

        float[] expected = FactorInit.of("u1", settings.mf());
        MfUpdates.isgd(expected, FactorInit.of("new-item", settings.mf()), 2f, settings.mf());
        assertThat(Feeds.toArray(profiles.get("u1").getFactors())).containsExactly(expected);
        assertThat(forwarded(RecommendOutput.ItemUpdate.class).get(0).update().getSeenVersion()).isEqualTo(-1);
        assertThat(forwarded(RecommendOutput.ItemUpdate.class).get(0).update().getWeight()).isEqualTo(2f);
    }

    @Test
    void shouldLearnTheUserBiasFromARating() {
        send(event("u1", "i1", EventType.RATING, 5.0, T0));

        assertThat(profiles.get("u1").getBias()).isGreaterThan(0f);
        assertThat(forwarded(RecommendOutput.ItemUpdate.class).get(0).update().getRating()).isEqualTo(5.0);
    }

    @Test
    void shouldKeepOnlyTheMostRecentSeenItems() {
        for (String item : List.of("a", "b", "c", "a", "d")) {
            send(event("u1", item, EventType.VIEW, 1.0, T0));
        }
        assertThat(profiles.get("u1").getSeen()).containsExactly("c", "a", "d");
    }

    static Stream<Arguments> badEvents() {
        return Stream.of(
            Arguments.of("unknown type", event("u1", "i1", EventType.UNKNOWN, 1.0, T0), EventRejectCode.UNKNOWN_EVENT_TYPE),
            Arguments.of("blank user", event(" ", "i1", EventType.CLICK, 1.0, T0), EventRejectCode.MISSING_USER),
            Arguments.of("blank item", event("u1", "", EventType.CLICK, 1.0, T0), EventRejectCode.MISSING_ITEM),
            Arguments.of("NaN value", event("u1", "i1", EventType.CLICK, Double.NaN, T0), EventRejectCode.NON_FINITE),
            Arguments.of("infinite rating", event("u1", "i1", EventType.RATING, Double.POSITIVE_INFINITY, T0), EventRejectCode.NON_FINITE),
            Arguments.of("rating above max", event("u1", "i1", EventType.RATING, 9.0, T0), EventRejectCode.OUT_OF_RANGE),
            Arguments.of("rating below min", event("u1", "i1", EventType.RATING, 0.0, T0), EventRejectCode.OUT_OF_RANGE),
            Arguments.of("negative weight", event("u1", "i1", EventType.VIEW, -1.0, T0), EventRejectCode.OUT_OF_RANGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void shouldDeadLetterInvalidEventsWithoutTouchingAnyFactor(String what, UserEvent bad, EventRejectCode code) {
        byte[] value = fx.bytes(bad);
        send(" ".equals(bad.getUserId()) || bad.getUserId().isEmpty() ? "u1" : bad.getUserId(), value, T0);

        assertDeadLettered(code, value);
    }

    @Test
    void shouldDeadLetterAnEventNotKeyedByItsUser() {
        byte[] value = fx.bytes(event("u1", "i1", EventType.CLICK, 1.0, T0));
        send("someone-else", value, T0);
        assertDeadLettered(EventRejectCode.WRONG_KEY, value);
    }

    @Test
    void shouldDeadLetterUndecodableBytes() {
        send("u1", new byte[0], T0);
        send("u1", "{\"userId\":\"u1\"}".getBytes(), T0);
        send("u1", ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).array(), T0);
        byte[] valid = fx.bytes(event("u1", "i1", EventType.CLICK, 1.0, T0));
        byte[] truncated = java.util.Arrays.copyOf(valid, 7);
        send("u1", truncated, T0);

        assertThat(forwarded(RecommendOutput.DeadLettered.class)).extracting(d -> d.letter().getErrorCode())
            .containsExactly("UNDECODABLE_VALUE", "BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "UNDECODABLE_VALUE");
        assertThat(profiles.approximateNumEntries()).isZero();
        assertThat(forwarded(RecommendOutput.ItemUpdate.class)).isEmpty();
    }

    @Test
    void shouldKeepLearningAfterABadEvent() {
        send("u1", new byte[] {1, 2, 3}, T0);
        send(event("u1", "i1", EventType.CLICK, 1.0, T0 + 1));

        assertThat(forwarded(RecommendOutput.DeadLettered.class)).hasSize(1);
        assertThat(forwarded(RecommendOutput.ItemUpdate.class)).hasSize(1);
    }

    @Test
    void shouldNeverStoreNonFiniteFactorsWhateverTheItemReplicaHolds() {
        // The index refuses non-finite rows; the largest finite ones must not overflow p_u either.
        index.upsert("huge", new float[] {Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MAX_VALUE}, 0f, 0, 1);
        send(event("u1", "huge", EventType.PURCHASE, 1.0e30, T0));
        send(event("u1", "huge", EventType.RATING, 5.0, T0));

        assertThat(MfUpdates.allFinite(Feeds.toArray(profiles.get("u1").getFactors()))).isTrue();
        assertThat(Float.isFinite(profiles.get("u1").getBias())).isTrue();
    }

    @Test
    void shouldPublishOneFeedPerUserOnceTheDebounceHasPassed() {
        index.upsert("i1", new float[] {1, 0, 0, 0}, 0f, 1, 1);
        index.upsert("i2", new float[] {0, 1, 0, 0}, 0f, 5, 1);
        send(event("u1", "i1", EventType.CLICK, 1.0, T0));
        context.setCurrentSystemTimeMs(10_500);
        send(event("u1", "i1", EventType.CLICK, 1.0, T0 + 1));

        punctuate(10_999);
        assertThat(forwarded(RecommendOutput.Feed.class)).isEmpty();

        punctuate(11_000);
        List<RecommendOutput.Feed> feeds = forwarded(RecommendOutput.Feed.class);
        assertThat(feeds).hasSize(1);
        Recommendations feed = feeds.get(0).feed();
        assertThat(feed.getUserId()).isEqualTo("u1");
        assertThat(feed.getSource()).isEqualTo(RecommendationSource.FACTORS);
        assertThat(feed.getItems()).extracting(i -> i.getItemId()).containsExactly("i2"); // i1 was seen
        assertThat(pending.get("u1")).isNull();

        punctuate(13_000);
        assertThat(forwarded(RecommendOutput.Feed.class)).hasSize(1);
    }

    @Test
    void shouldCountPrequentialHitsAndForwardThemWhenTheWindowCloses() {
        index.upsert("liked", new float[] {1, 1, 1, 1}, 5f, 1, 1);
        index.upsert("other", new float[] {0, 0, 0, 0}, 0f, 1, 1);
        long window = 60_000;
        long start = Math.floorDiv(T0, window) * window;
        send(event("u1", "liked", EventType.CLICK, 1.0, start + 1)); // the popular fallback ranks it first: hit
        send(event("u2", "nowhere", EventType.CLICK, 1.0, start + 2)); // unknown item: miss
        punctuate(20_000);
        List<RecommendOutput.Progress> progress = forwarded(RecommendOutput.Progress.class);
        assertThat(progress).hasSize(1);
        assertThat(progress.get(0).progress().closed()).isEmpty();
        assertThat(progress.get(0).progress().watermark()).isEqualTo(start + 2 - 10_000);

        // stream time passes end + grace
        send(event("u3", "other", EventType.CLICK, 1.0, start + window + 10_000));
        punctuate(21_000);

        progress = forwarded(RecommendOutput.Progress.class);
        assertThat(progress.get(1).progress().closed()).containsExactly(Map.entry(start, new EvalCounts(1, 2)));
        assertThat(progress.get(1).progress().watermark()).isEqualTo(start + window);
        assertThat(eval.get(start)).isNull();
    }

    @Test
    void shouldNotCountEventsOfAnAlreadyClosedWindow() {
        long window = 60_000;
        long start = Math.floorDiv(T0, window) * window;
        send(event("u1", "a", EventType.CLICK, 1.0, start + 5 * window));
        send(event("u1", "b", EventType.CLICK, 1.0, start));

        assertThat(eval.get(start)).isNull();
        assertThat(forwarded(RecommendOutput.ItemUpdate.class)).hasSize(2);
    }

    private void assertDeadLettered(EventRejectCode code, byte[] value) {
        List<RecommendOutput.DeadLettered> letters = forwarded(RecommendOutput.DeadLettered.class);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).letter().getErrorCode()).isEqualTo(code.name());
        assertThat(letters.get(0).letter().getValue().array()).isEqualTo(value);
        assertThat(letters.get(0).letter().getSourceTopic()).isEqualTo(RecommendFixture.EVENTS);
        assertThat(profiles.approximateNumEntries()).isZero();
        assertThat(pending.approximateNumEntries()).isZero();
        assertThat(forwarded(RecommendOutput.ItemUpdate.class)).isEmpty();
    }
}
