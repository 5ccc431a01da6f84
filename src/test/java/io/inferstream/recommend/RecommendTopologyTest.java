package io.inferstream.recommend;

import static io.inferstream.recommend.RecommendFixture.event;
import static io.inferstream.recommend.RecommendFixture.key;
import static io.inferstream.recommend.RecommendFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.EventType;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.RecommendedItem;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.RecommendSettings;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendTopologyTest {

    private static final long T0 = 1_700_000_000_000L / 60_000 * 60_000;

    @TempDir
    Path stateDir;

    private final RecommendFixture fx = new RecommendFixture();
    private final RecommendSettings settings = RecommendFixture.settings();
    private final ItemIndex index = new ItemIndex(settings.factors());
    private final RecommenderStats stats = new RecommenderStats();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<byte[], byte[]> requests;
    private TestOutputTopic<String, ItemFactorUpdate> updates;
    private TestOutputTopic<String, ItemFactors> items;
    private TestOutputTopic<String, Recommendations> feeds;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;
    private TestOutputTopic<String, DriftMetric> metrics;

    static RecommendTopics topics(RecommendFixture fx) {
        return new RecommendTopics(
            new Topic<>("user-events", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("recommendation-requests", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>("item-factor-updates", Serdes.String(), AvroSerdes.specific(ItemFactorUpdate.class, fx.registry, fx.serdeConfig, false)),
            new Topic<>("item-factors", Serdes.String(), fx.items),
            new Topic<>("recommendations", Serdes.String(), AvroSerdes.specific(Recommendations.class, fx.registry, fx.serdeConfig, false)),
            new Topic<>("dead-letters", Serdes.ByteArray(), AvroSerdes.specific(DeadLetter.class, fx.registry, fx.serdeConfig, false)),
            new Topic<>("model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, fx.registry, fx.serdeConfig, false)), 1);
    }

    @BeforeEach
    void setUp() {
        RecommendTopics topics = topics(fx);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recommend-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(RecommendTopology.build(settings, topics, new RecommendTopology.Collaborators(index, stats,
            fx.events::deserializer, fx.requests::deserializer, fx.profiles)), props, Instant.ofEpochMilli(0));
        events = driver.createInputTopic("user-events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        requests = driver.createInputTopic("recommendation-requests", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        updates = driver.createOutputTopic("item-factor-updates", Serdes.String().deserializer(), topics.itemFactorUpdates().valueSerde().deserializer());
        items = driver.createOutputTopic("item-factors", Serdes.String().deserializer(), fx.items.deserializer());
        feeds = driver.createOutputTopic("recommendations", Serdes.String().deserializer(), topics.recommendations().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.ByteArray().deserializer(), topics.deadLetters().valueSerde().deserializer());
        metrics = driver.createOutputTopic("model-drift-metrics", Serdes.String().deserializer(), topics.driftMetrics().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        fx.close();
    }

    private void send(UserEvent e) {
        events.pipeInput(key(e.getUserId()), fx.bytes(e), e.getTimestamp());
    }

    @Test
    void shouldLearnFromAnEventAndPublishTheUsersFeedFromTheReplicatedItemFactors() {
        send(event("u2", "i2", EventType.CLICK, 1.0, T0));
        send(event("u1", "i1", EventType.CLICK, 1.0, T0 + 1));

        assertThat(updates.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("i2", "i1");
        List<ItemFactors> published = items.readValuesToList();
        assertThat(published).extracting(ItemFactors::getItemId).containsExactly("i2", "i1");
        assertThat(published).allSatisfy(f -> assertThat(f.getVersion()).isEqualTo(1));
        KeyValueStore<String, ItemFactors> global = driver.getKeyValueStore(RecommendStores.ITEM_FACTORS_GLOBAL);
        assertThat(global.get("i1").getVersion()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(2);
        assertThat(feeds.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<Recommendations> out = feeds.readValuesToList();
        assertThat(out).extracting(Recommendations::getUserId).containsExactlyInAnyOrder("u1", "u2");
        Recommendations u1 = out.stream().filter(r -> r.getUserId().equals("u1")).findFirst().orElseThrow();
        assertThat(u1.getSource()).isEqualTo(RecommendationSource.FACTORS);
        assertThat(u1.getItems()).extracting(RecommendedItem::getItemId).containsExactly("i2");
        assertThat(stats.stalenessUpdates().count()).isEqualTo(2);
        assertThat(driver.getKeyValueStore(RecommendStores.USER_PROFILES).get("u1")).isNotNull();
    }

    @Test
    void shouldAnswerAnExplicitRequestAtOnce() {
        send(event("u2", "i2", EventType.CLICK, 1.0, T0));
        requests.pipeInput(key("new"), fx.bytes(request("new", 5)), Instant.ofEpochMilli(T0 + 5));

        Recommendations feed = feeds.readValue();
        assertThat(feed.getUserId()).isEqualTo("new");
        assertThat(feed.getSource()).isEqualTo(RecommendationSource.POPULAR);
        assertThat(feed.getItems()).extracting(RecommendedItem::getItemId).containsExactly("i2");
    }

    @Test
    void shouldPublishRecallSummedOverTasksOnceTheWindowHasClosed() {
        // Window [T0, T0+1m): u1 clicks i1 (nothing known yet: miss), u2 clicks i1 (i1 is the popular item: hit).
        send(event("u1", "i1", EventType.CLICK, 1.0, T0));
        send(event("u2", "i1", EventType.CLICK, 1.0, T0 + 1_000));
        // Move stream time on: each task's window closes at end + 10 s, the sum one window (+ grace) later.
        for (int minute = 1; minute <= 4; minute++) {
            send(event("u3", "i" + minute, EventType.VIEW, 1.0, T0 + minute * 60_000L + 20_000));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }

        List<DriftMetric> published = metrics.readValuesToList();
        assertThat(published).isNotEmpty();
        DriftMetric first = published.get(0);
        assertThat(first.getModel()).isEqualTo("recommender");
        assertThat(first.getKind()).isEqualTo(DriftKind.PERFORMANCE);
        assertThat(first.getMetric()).isEqualTo("recall_at_3");
        assertThat(first.getFeature()).isEqualTo("recall_at_3");
        assertThat(first.getWindowStart().toEpochMilli()).isEqualTo(T0);
        assertThat(first.getWindowEnd().toEpochMilli()).isEqualTo(T0 + 60_000);
        assertThat(first.getCurrentCount()).isEqualTo(2);
        assertThat(first.getValue()).isEqualTo(0.5);
    }

    @Test
    void shouldDeadLetterMalformedEventsAndKeepLearning() {
        events.pipeInput(key("u1"), "not avro".getBytes(), Instant.ofEpochMilli(T0));
        events.pipeInput(key("u1"), fx.bytes(event("u1", "i1", EventType.UNKNOWN, 1.0, T0)), Instant.ofEpochMilli(T0));
        events.pipeInput(key("u1"), fx.bytes(event("u1", "i1", EventType.RATING, Double.NaN, T0)), Instant.ofEpochMilli(T0));
        send(event("u1", "i1", EventType.CLICK, 1.0, T0));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getErrorCode)
            .containsExactly("BAD_MAGIC_BYTE", "UNKNOWN_EVENT_TYPE", "NON_FINITE");
        assertThat(items.readValuesToList()).hasSize(1);
    }
}
