package io.inferstream.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.RecommendationSource;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.RecommendSettings;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.recommend.bench.EmbeddedRecommend;
import io.inferstream.recommend.synthetic.SyntheticEvents;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The recommendation topology on a real broker and registry, with one and with two instances. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendIT {

    private static final int PARTITIONS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final double EVENTS_PER_SECOND = 1_000;

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private SchemaRegistryServer registryServer;
    private SchemaRegistryClient registry;
    private RecommendHarness harness;
    private final RecommendSettings settings = RecommendSettings.defaults();

    @BeforeAll
    void startBrokerAndRegistry() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        registryServer = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
        registry = SchemaRegistryClients.create(registryServer.url());
        harness = new RecommendHarness(kafka.bootstrapServers(), registry, registryServer.url(), PARTITIONS);
        // Every test's topics up front: a partition written to right after its creation can still be settling.
        for (String prefix : List.of("flow-", "one-", "two-")) {
            EmbeddedRecommend.createTopics(kafka.bootstrapServers(), prefix, PARTITIONS);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
        registryServer.close();
        kafka.close();
    }

    private long produce(String prefix, SyntheticSettings stream) throws Exception {
        return EmbeddedRecommend.produce(kafka.bootstrapServers(), prefix + "user-events", SyntheticEvents.generate(stream), registry,
            harness.serdeConfig());
    }

    private static Set<String> itemsOf(SyntheticSettings stream) {
        Set<String> items = new HashSet<>();
        for (Iterator<UserEvent> it = SyntheticEvents.generate(stream); it.hasNext(); ) {
            items.add(it.next().getItemId());
        }
        return items;
    }

    private List<ConsumerRecord<String, ItemFactors>> awaitItemUpdates(String prefix, long n) {
        return harness.readUntil(prefix + "item-factors", harness.topics(prefix).itemFactors().valueSerde().deserializer(),
            read -> read.size() >= n, TIMEOUT);
    }

    @Test
    void shouldLearnPublishFeedsAnswerRequestsAndRebuildTheItemIndexAfterARestart() throws Exception {
        String prefix = "flow-";
        SyntheticSettings stream = SyntheticSettings.small(3).withEvents(3_000);
        long n = produce(prefix, stream);
        Set<String> items = itemsOf(stream);
        Path state = dir.resolve("state-flow");
        RecommendTopics topics = harness.topics(prefix);

        try (RecommendHarness.Instance first = harness.start(prefix, "flow-app", state, settings)) {
            List<ConsumerRecord<String, ItemFactors>> updates = awaitItemUpdates(prefix, n);
            assertThat(updates).extracting(ConsumerRecord::key).containsAll(items);
            List<ConsumerRecord<String, Recommendations>> feeds = harness.readUntil(prefix + "recommendations",
                topics.recommendations().valueSerde().deserializer(),
                read -> read.stream().anyMatch(r -> isFullFactorsFeed(r.value())), TIMEOUT);
            // (Feeds published before the first item factors reached the index are empty: nothing to rank yet.)
            Recommendations feed = feeds.stream().map(ConsumerRecord::value).filter(this::isFullFactorsFeed).findFirst().orElseThrow();
            assertThat(feed.getItems()).extracting(i -> i.getRank()).startsWith(1, 2, 3);

            try (KafkaProducer<String, RecommendationRequest> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                AvroSerdes.specific(RecommendationRequest.class, registry, harness.serdeConfig(), false).serializer())) {
                producer.send(new ProducerRecord<>(prefix + "recommendation-requests", "newcomer",
                    RecommendationRequest.newBuilder().setUserId("newcomer").setK(3).setTimestamp(Instant.now()).build())).get();
            }
            Recommendations answer = harness.readUntil(prefix + "recommendations", topics.recommendations().valueSerde().deserializer(),
                    read -> read.stream().anyMatch(r -> r.key().equals("newcomer")), TIMEOUT)
                .stream().filter(r -> r.key().equals("newcomer")).findFirst().orElseThrow().value();
            assertThat(answer.getSource()).isEqualTo(RecommendationSource.POPULAR);
            assertThat(answer.getItems()).hasSize(3);
            assertThat(first.index().size()).isEqualTo(items.size());
        }

        // A new instance on the same state: the global store comes back from its checkpoint, the index from the store.
        try (RecommendHarness.Instance second = harness.start(prefix, "flow-app", state, settings)) {
            EmbeddedRecommend.awaitRunning(TIMEOUT, second.streams());
            assertThat(second.index().size()).isEqualTo(items.size());
        }
        assertThat(harness.readUntilQuiet(prefix + "dead-letters", topics.deadLetters().valueSerde().deserializer(),
            Duration.ofMillis(500), TIMEOUT)).isEmpty();
    }

    private boolean isFullFactorsFeed(Recommendations feed) {
        return feed.getSource() == RecommendationSource.FACTORS && feed.getItems().size() == settings.feedSize();
    }

    @Test
    void shouldReachTheSameQualityWithTwoInstancesAsWithOne() throws Exception {
        SyntheticSettings stream = SyntheticSettings.small(11).withEvents(12_000);

        // Compared on the second half of the stream: quality reached, not how fast a cold single instance catches up
        // with live traffic at the start (its item factors lag more while it does, which lowers early recall).
        Instant half = stream.start().plus(stream.interval().multipliedBy(stream.events() / 2));
        Quality one = runInstances("one-", stream, 1, half);
        Quality two = runInstances("two-", stream, 2, half);

        System.out.printf("prequential recall@10: one instance %s, two instances %s%n", one, two);
        assertThat(one.evaluated()).isGreaterThan(stream.events() / 4);
        assertThat(two.evaluated()).isGreaterThan(stream.events() / 4);
        assertThat(two.recall()).isCloseTo(one.recall(), org.assertj.core.data.Offset.offset(Math.max(0.02, 0.3 * one.recall())));
    }

    /** Prequential hits and evaluated events summed over the published recall windows. */
    record Quality(long hits, long evaluated) {
        double recall() {
            return (double) hits / evaluated;
        }
    }

    /**
     * The stream through {@code count} instances, produced as live traffic (paced, after the instances are up): a
     * backfill would let the user side run far ahead of the item factors it learns with, which says little about
     * a running system and makes the comparison depend on start-up timing.
     */
    private Quality runInstances(String prefix, SyntheticSettings stream, int count, Instant from) throws Exception {
        RecommendHarness.Instance[] instances = new RecommendHarness.Instance[count];
        try {
            for (int i = 0; i < count; i++) {
                instances[i] = harness.start(prefix, prefix + "app", dir.resolve("state-" + prefix + i), settings);
            }
            for (RecommendHarness.Instance i : instances) {
                EmbeddedRecommend.awaitRunning(TIMEOUT, i.streams());
            }
            long n = EmbeddedRecommend.produce(kafka.bootstrapServers(), prefix + "user-events", SyntheticEvents.generate(stream),
                registry, harness.serdeConfig(), EVENTS_PER_SECOND);
            awaitItemUpdates(prefix, n);
            List<ConsumerRecord<String, DriftMetric>> metrics = harness.readUntilQuiet(prefix + "model-drift-metrics",
                harness.topics(prefix).driftMetrics().valueSerde().deserializer(), Duration.ofSeconds(3), TIMEOUT);
            long hits = 0;
            long evaluated = 0;
            for (ConsumerRecord<String, DriftMetric> m : metrics) {
                System.out.printf("%s window %s recall %.3f of %d%n", prefix, m.value().getWindowStart(), m.value().getValue(),
                    m.value().getCurrentCount());
                assertThat(m.value().getMetric()).isEqualTo("recall_at_10");
                if (m.value().getWindowStart().isBefore(from)) {
                    continue;
                }
                hits += Math.round(m.value().getValue() * m.value().getCurrentCount());
                evaluated += m.value().getCurrentCount();
            }
            return new Quality(hits, evaluated);
        } finally {
            for (RecommendHarness.Instance i : instances) {
                if (i != null) {
                    i.close();
                }
            }
        }
    }
}
