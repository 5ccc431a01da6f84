package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
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
import org.junit.jupiter.api.Test;

/** The item side (authoritative q_i) and the global store's processor (the per-instance item index). */
class ItemSideProcessorsTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L / HOUR * HOUR;

    private final RecommendFixture fx = new RecommendFixture();
    private final RecommendSettings settings = RecommendFixture.settings();
    private final RecommenderStats stats = new RecommenderStats();
    private KeyValueStore<String, ItemFactors> store;

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
        fx.close();
    }

    private <K, V> KeyValueStore<String, ItemFactors> itemStore(MockProcessorContext<K, V> context, String name) {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), fx.items).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static ItemFactorUpdate update(String item, float[] p, Double rating, long seenVersion, long eventTime) {
        return ItemFactorUpdate.newBuilder().setItemId(item).setUserId("u").setUserFactors(Feeds.toList(p)).setUserBias(0f)
            .setRating(rating).setWeight(1f).setSeenVersion(seenVersion).setEventTime(Instant.ofEpochMilli(eventTime)).build();
    }

    private static List<ItemFactors> published(MockProcessorContext<String, ItemFactors> context) {
        return context.forwarded().stream().map(CapturedForward::record).map(r -> (ItemFactors) r.value()).toList();
    }

    @Test
    void shouldApplyIsgdToTheItemFromItsInitialFactorsAndPublishVersionOne() {
        MockProcessorContext<String, ItemFactors> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_STATE);
        context.setCurrentSystemTimeMs(42);
        ItemUpdateProcessor p = new ItemUpdateProcessor(settings.mf(), HOUR, stats);
        p.init(context);
        float[] user = {0.3f, 0.1f, -0.2f, 0.4f};

        p.process(new Record<>("i1", update("i1", user, null, -1, T0), T0));

        float[] expected = FactorInit.of("i1", settings.mf());
        MfUpdates.isgd(expected, user, 1f, settings.mf());
        ItemFactors out = published(context).get(0);
        assertThat(Feeds.toArray(out.getFactors())).containsExactly(expected);
        assertThat(out.getVersion()).isEqualTo(1);
        assertThat(out.getUpdatedAt().toEpochMilli()).isEqualTo(42);
        assertThat(store.get("i1")).isEqualTo(out);
        assertThat(stats.stalenessUpdates().count()).isEqualTo(1);
        assertThat(stats.stalenessUpdates().max()).isZero();
    }

    @Test
    void shouldRecordHowManyUpdatesTheUserSideHadNotSeen() {
        MockProcessorContext<String, ItemFactors> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_STATE);
        context.setCurrentSystemTimeMs(0);
        ItemUpdateProcessor p = new ItemUpdateProcessor(settings.mf(), HOUR, stats);
        p.init(context);
        float[] user = {0.1f, 0.1f, 0.1f, 0.1f};
        for (int i = 0; i < 5; i++) {
            p.process(new Record<>("i1", update("i1", user, null, -1, T0), T0));
        }
        // versions 0..4 existed before each update, the user side had seen none of them (initial factors = version 0)
        assertThat(stats.stalenessUpdates().max()).isEqualTo(4);
        p.process(new Record<>("i1", update("i1", user, null, 5, T0), T0));
        assertThat(published(context).get(5).getVersion()).isEqualTo(6);
    }

    @Test
    void shouldCountPopularityOverTheCurrentAndThePreviousWindow() {
        MockProcessorContext<String, ItemFactors> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_STATE);
        context.setCurrentSystemTimeMs(0);
        ItemUpdateProcessor p = new ItemUpdateProcessor(settings.mf(), HOUR, stats);
        p.init(context);
        float[] user = {0.1f, 0.1f, 0.1f, 0.1f};
        p.process(new Record<>("i1", update("i1", user, null, -1, T0), T0));
        p.process(new Record<>("i1", update("i1", user, null, -1, T0 + 10), T0));
        p.process(new Record<>("i1", update("i1", user, null, -1, T0 + HOUR), T0));
        assertThat(store.get("i1").getPopularity()).isEqualTo(3.0);
        p.process(new Record<>("i1", update("i1", user, null, -1, T0 + 2 * HOUR), T0));
        assertThat(store.get("i1").getPopularity()).isEqualTo(2.0);
        p.process(new Record<>("i1", update("i1", user, null, -1, T0 + 5 * HOUR), T0));
        assertThat(store.get("i1").getPopularity()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseAnUpdateWithNonFiniteOrMisshapenUserFactors() {
        MockProcessorContext<String, ItemFactors> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_STATE);
        context.setCurrentSystemTimeMs(0);
        ItemUpdateProcessor p = new ItemUpdateProcessor(settings.mf(), HOUR, stats);
        p.init(context);

        p.process(new Record<>("i1", update("i1", new float[] {Float.NaN, 0, 0, 0}, null, -1, T0), T0));
        p.process(new Record<>("i1", update("i1", new float[] {1, 2}, null, -1, T0), T0));

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.get("i1")).isNull();
        assertThat(stats.itemUpdatesRejected()).isEqualTo(2);
    }

    @Test
    void shouldLearnTheItemBiasFromARating() {
        MockProcessorContext<String, ItemFactors> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_STATE);
        context.setCurrentSystemTimeMs(0);
        ItemUpdateProcessor p = new ItemUpdateProcessor(settings.mf(), HOUR, stats);
        p.init(context);
        p.process(new Record<>("i1", update("i1", new float[] {0.1f, 0.1f, 0.1f, 0.1f}, 1.0, -1, T0), T0));
        assertThat(store.get("i1").getBias()).isLessThan(0f);
    }

    @Test
    void shouldFillTheItemIndexAndRecordTheVisibilityLag() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_FACTORS_GLOBAL);
        context.setCurrentSystemTimeMs(250);
        ItemIndex index = new ItemIndex(settings.factors());
        ItemFactorsGlobalProcessor p = new ItemFactorsGlobalProcessor(index, stats);
        p.init(context);

        p.process(new Record<>("i1", RecommendFixture.item("i1", new float[] {1, 2, 3, 4}, 2.0, 3), 0));

        assertThat(index.factorsOf("i1")).hasValueSatisfying(q -> assertThat(q).containsExactly(1, 2, 3, 4));
        assertThat(index.versionOf("i1")).isEqualTo(3);
        assertThat(store.get("i1").getVersion()).isEqualTo(3);
        assertThat(stats.visibilityLagMs().max()).isEqualTo(250);
    }

    @Test
    void shouldRebuildTheItemIndexFromTheRestoredGlobalStoreOnStart() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_FACTORS_GLOBAL);
        store.put("a", RecommendFixture.item("a", new float[] {1, 0, 0, 0}, 1.0, 2));
        store.put("b", RecommendFixture.item("b", new float[] {0, 1, 0, 0}, 5.0, 7));
        ItemIndex fresh = new ItemIndex(settings.factors());

        new ItemFactorsGlobalProcessor(fresh, stats).init(context);

        assertThat(fresh.size()).isEqualTo(2);
        assertThat(fresh.versionOf("b")).isEqualTo(7);
        assertThat(fresh.popular(1, id -> false)).extracting(Scored::itemId).containsExactly("b");
    }

    @Test
    void shouldKeepNonFiniteItemFactorsOutOfTheIndex() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        itemStore(context, RecommendStores.ITEM_FACTORS_GLOBAL);
        context.setCurrentSystemTimeMs(0);
        ItemIndex index = new ItemIndex(settings.factors());
        ItemFactorsGlobalProcessor p = new ItemFactorsGlobalProcessor(index, stats);
        p.init(context);

        p.process(new Record<>("bad", RecommendFixture.item("bad", new float[] {Float.NaN, 0, 0, 0}, 1.0, 1), 0));
        p.process(new Record<>("short", RecommendFixture.item("short", new float[] {1}, 1.0, 1), 0));

        assertThat(index.size()).isZero();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
