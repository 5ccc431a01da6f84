package io.inferstream.recommend;

import io.inferstream.config.RecommendSettings;
import io.inferstream.recommend.bench.EmbeddedRecommend;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerdeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/** Runs recommendation topology instances on a real broker and registry, and reads what they publish. */
final class RecommendHarness {

    /** One running instance and the in-process state it fills. */
    record Instance(KafkaStreams streams, ItemIndex index, RecommenderStats stats) implements AutoCloseable {
        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private final String bootstrap;
    private final SchemaRegistryClient registry;
    private final AvroSerdeConfig serdeConfig;
    private final int partitions;

    RecommendHarness(String bootstrap, SchemaRegistryClient registry, String registryUrl, int partitions) {
        this.partitions = partitions;
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.serdeConfig = AvroSerdeConfig.of(registryUrl);
    }

    RecommendTopics topics(String prefix) {
        return EmbeddedRecommend.topics(prefix, partitions, registry, serdeConfig);
    }

    AvroSerdeConfig serdeConfig() {
        return serdeConfig;
    }

    Instance start(String prefix, String applicationId, Path stateDir, RecommendSettings settings) {
        ItemIndex index = new ItemIndex(settings.factors());
        RecommenderStats stats = new RecommenderStats();
        KafkaStreams streams = new KafkaStreams(EmbeddedRecommend.topology(settings, topics(prefix), index, stats, registry, serdeConfig),
            EmbeddedRecommend.streamsProps(applicationId, bootstrap, stateDir, "exactly_once_v2"));
        streams.start();
        return new Instance(streams, index, stats);
    }

    /**
     * Reads {@code topic} from the start (read_committed) until {@code done} holds for what was read, or fails after
     * {@code timeout}.
     */
    <V> List<ConsumerRecord<String, V>> readUntil(String topic, Deserializer<V> values, Predicate<List<ConsumerRecord<String, V>>> done,
                                                  Duration timeout) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + " only " + out.size() + " records on " + topic);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /** Everything on {@code topic} once nothing new has arrived for {@code quiet}. */
    <V> List<ConsumerRecord<String, V>> readUntilQuiet(String topic, Deserializer<V> values, Duration quiet, Duration timeout) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastNew = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos() && System.nanoTime() < deadline) {
                int before = out.size();
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                if (out.size() > before) {
                    lastNew = System.nanoTime();
                }
            }
        }
        return out;
    }

    private <V> KafkaConsumer<String, V> consumer(Deserializer<V> values) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + System.nanoTime(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }
}
