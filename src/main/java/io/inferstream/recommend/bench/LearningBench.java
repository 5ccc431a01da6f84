package io.inferstream.recommend.bench;

import io.inferstream.config.RecommendSettings;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendTopics;
import io.inferstream.recommend.RecommenderStats;
import io.inferstream.recommend.synthetic.SyntheticEvents;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerdeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learning throughput of the recommendation topology, for {@code inferstream bench recommend}: a real single-node
 * broker and the embedded registry in this JVM; per processing guarantee a fresh set of topics, {@code N} generated
 * events ({@link SyntheticSettings#benchmark}'s 5k users and 2k items) produced before the topology starts, and the
 * clock running from {@code start()} until all {@code N} item updates are out on item-factors (read_committed): each
 * event leads to exactly one ItemFactors record, so that is the moment every event has been evaluated, learned on
 * both sides and committed. The rate therefore includes the group join and, under exactly_once_v2, the transaction
 * set-up: a few seconds, which weigh more on the quick run. The steady rate leaves them out: events per second
 * between the moments 10% and 100% of the item updates were out.
 *
 * <p>Everything shares the machine's cores: numbers compare guarantees on one machine, not absolute capacity.
 */
public final class LearningBench {

    private static final Logger log = LoggerFactory.getLogger(LearningBench.class);
    public static final List<String> GUARANTEES = List.of("exactly_once_v2", "at_least_once");

    /**
     * @param events     events per guarantee
     * @param partitions partitions of every topic
     * @param timeout    longest wait per guarantee
     */
    public record Options(long events, int partitions, Duration timeout) {
        /** Fits in about 30 s for both guarantees on a small machine. */
        public static Options quick() {
            return new Options(10_000, 4, Duration.ofSeconds(60));
        }

        public static Options full() {
            return new Options(300_000, 4, Duration.ofMinutes(10));
        }
    }

    /**
     * One guarantee's figures.
     *
     * @param eventsPerSecond     events learned per second, start-up included
     * @param steadyEventsPerSecond events learned per second from the 10% mark to the end (start-up left out)
     * @param stalenessP50        item updates the user side had not seen when it learned, median
     * @param stalenessP99        and 99th percentile
     * @param visibilityLagP50Ms  from an item update on its partition to its arrival in the item index, median (ms)
     * @param visibilityLagP99Ms  and 99th percentile
     */
    public record Result(String guarantee, long events, double seconds, double eventsPerSecond, double steadyEventsPerSecond,
                         long stalenessP50, long stalenessP99,
                         long visibilityLagP50Ms, long visibilityLagP99Ms) {
    }

    private LearningBench() {
    }

    /** Runs every guarantee in {@link #GUARANTEES}; the results by guarantee name. */
    public static Map<String, Result> run(Options options) throws Exception {
        return run(options, Map.of());
    }

    /**
     * As {@link #run(Options)}, with Streams properties that replace {@link EmbeddedRecommend#streamsProps}'s: for
     * comparing settings on the same workload.
     */
    public static Map<String, Result> run(Options options, Map<String, ?> streamsOverrides) throws Exception {
        Path dir = Files.createTempDirectory("inferstream-bench-recommend-");
        Map<String, Result> results = new LinkedHashMap<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
             SchemaRegistryServer registryServer = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
             SchemaRegistryClient registry = SchemaRegistryClients.create(registryServer.url())) {
            AvroSerdeConfig serdeConfig = AvroSerdeConfig.of(registryServer.url());
            for (String guarantee : GUARANTEES) {
                String prefix = "bench-" + guarantee + "-";
                EmbeddedRecommend.createTopics(kafka.bootstrapServers(), prefix, options.partitions());
            }
            for (String guarantee : GUARANTEES) {
                Result r = runOne(guarantee, options, streamsOverrides, kafka.bootstrapServers(), registry, serdeConfig,
                    dir.resolve("state-" + guarantee));
                log.info("Learning under {}: {}", guarantee, r);
                results.put(guarantee, r);
            }
        } finally {
            deleteTree(dir);
        }
        return results;
    }

    private static Result runOne(String guarantee, Options options, Map<String, ?> streamsOverrides, String bootstrap,
                                 SchemaRegistryClient registry,
                                 AvroSerdeConfig serdeConfig, Path stateDir) throws Exception {
        String prefix = "bench-" + guarantee + "-";
        RecommendSettings settings = RecommendSettings.defaults();
        RecommendTopics topics = EmbeddedRecommend.topics(prefix, options.partitions(), registry, serdeConfig);
        long n = EmbeddedRecommend.produce(bootstrap, topics.userEvents().name(),
            SyntheticEvents.generate(SyntheticSettings.benchmark(7).withEvents(options.events())), registry, serdeConfig);
        RecommenderStats stats = new RecommenderStats();
        ItemIndex index = new ItemIndex(settings.factors());
        try (KafkaConsumer<byte[], byte[]> consumer = itemFactorsReader(bootstrap, prefix, topics.itemFactors().name())) {
            Properties props = EmbeddedRecommend.streamsProps(prefix + "app", bootstrap, stateDir, guarantee);
            props.putAll(streamsOverrides);
            KafkaStreams streams = new KafkaStreams(EmbeddedRecommend.topology(settings, topics, index, stats, registry, serdeConfig), props);
            long seen = 0;
            long tenth = Math.max(1, n / 10);
            long seenAtMark = -1;
            long markNanos = 0;
            long elapsedNanos;
            long started = System.nanoTime();
            try {
                streams.start();
                long deadline = started + options.timeout().toNanos();
                while (seen < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(guarantee + ": only " + seen + " of " + n + " item updates after " + options.timeout());
                    }
                    int got = consumer.poll(Duration.ofMillis(50)).count();
                    if (seen == 0 && got > 0) {
                        log.info("{}: first item updates out after {} ms", guarantee, (System.nanoTime() - started) / 1_000_000);
                    }
                    seen += got;
                    if (seenAtMark < 0 && seen >= tenth) {
                        seenAtMark = seen;
                        markNanos = System.nanoTime();
                        log.info("{}: {} of {} item updates out after {} ms", guarantee, seen, n, (markNanos - started) / 1_000_000);
                    }
                }
                elapsedNanos = System.nanoTime() - started;
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
            double seconds = elapsedNanos / 1e9;
            RecommenderStats.Percentiles staleness = stats.stalenessUpdates();
            RecommenderStats.Percentiles lag = stats.visibilityLagMs();
            long endNanos = started + elapsedNanos;
            double steady = endNanos > markNanos && seen > seenAtMark ? (seen - seenAtMark) / ((endNanos - markNanos) / 1e9) : n / seconds;
            return new Result(guarantee, n, seconds, n / seconds, steady, staleness.p50(), staleness.p99(), lag.p50(), lag.p99());
        }
    }

    private static KafkaConsumer<byte[], byte[]> itemFactorsReader(String bootstrap, String prefix, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
