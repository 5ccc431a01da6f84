package io.inferstream.recommend.bench;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.RecommendSettings;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendTopics;
import io.inferstream.recommend.RecommendTopology;
import io.inferstream.recommend.RecommenderStats;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The recommendation topology on a given broker and registry, under a topic prefix: what the learning benchmark and
 * the integration tests share (topic creation that waits for partition leaders, producing a generated stream,
 * Streams properties).
 */
public final class EmbeddedRecommend {

    private EmbeddedRecommend() {
    }

    /** The topology's topic names under {@code prefix}. */
    public static List<String> topicNames(String prefix) {
        return List.of(prefix + "user-events", prefix + "recommendation-requests", prefix + "item-factor-updates",
            prefix + "item-factors", prefix + "recommendations", prefix + "dead-letters", prefix + "model-drift-metrics");
    }

    /**
     * Creates the topics (item-factors and recommendations compacted) and waits until every partition has a leader:
     * the embedded broker can drop records produced to a partition right after its creation.
     */
    public static void createTopics(String bootstrap, String prefix, int partitions) throws InterruptedException, ExecutionException {
        List<String> names = topicNames(prefix);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String n : names) {
                NewTopic t = new NewTopic(n, partitions, (short) 1);
                // No time retention: generated events carry old timestamps, which the broker would soon delete.
                t.configs(n.endsWith("item-factors") || n.endsWith("recommendations") ? Map.of("cleanup.policy", "compact")
                    : Map.of("retention.ms", "-1"));
                topics.add(t);
            }
            admin.createTopics(topics).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ready(admin, names, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 30 s: " + names);
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean ready(Admin admin, List<String> names, int partitions) throws InterruptedException, ExecutionException {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                .allMatch(d -> d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but not yet known to the broker's metadata
            }
            throw e;
        }
    }

    public static RecommendTopics topics(String prefix, int partitions, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
        return new RecommendTopics(
            new Topic<>(prefix + "user-events", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(prefix + "recommendation-requests", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(prefix + "item-factor-updates", Serdes.String(), AvroSerdes.specific(ItemFactorUpdate.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "item-factors", Serdes.String(), AvroSerdes.specific(ItemFactors.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "recommendations", Serdes.String(), AvroSerdes.specific(Recommendations.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "dead-letters", Serdes.ByteArray(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)), partitions);
    }

    public static Topology topology(RecommendSettings settings, RecommendTopics topics, ItemIndex index, RecommenderStats stats,
                                    SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
        return RecommendTopology.build(settings, topics, new RecommendTopology.Collaborators(index, stats,
            () -> AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).deserializer(),
            () -> AvroSerdes.specific(RecommendationRequest.class, registry, serdeConfig, false).deserializer(),
            AvroSerdes.specific(UserProfile.class, registry, serdeConfig, false)));
    }

    /** Streams properties for a test or benchmark instance: short commit interval and session timeout. */
    public static Properties streamsProps(String applicationId, String bootstrap, Path stateDir, String guarantee) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 500);
        return props;
    }

    /** Produces every event keyed by its user id as fast as possible and waits until all are written; returns how many. */
    public static long produce(String bootstrap, String topic, Iterator<UserEvent> events, SchemaRegistryClient registry,
                               AvroSerdeConfig serdeConfig) throws InterruptedException, ExecutionException {
        return produce(bootstrap, topic, events, registry, serdeConfig, 0);
    }

    /**
     * Produces every event keyed by its user id, at most {@code eventsPerSecond} (0: unpaced), as live traffic
     * arrives, and waits until all are written; returns how many. Record timestamps are the events' own.
     */
    public static long produce(String bootstrap, String topic, Iterator<UserEvent> events, SchemaRegistryClient registry,
                               AvroSerdeConfig serdeConfig, double eventsPerSecond) throws InterruptedException, ExecutionException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, UserEvent> producer = new KafkaProducer<>(config, new StringSerializer(),
            AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).serializer())) {
            long start = System.nanoTime();
            while (events.hasNext()) {
                if (eventsPerSecond > 0) {
                    long due = start + (long) (sent.size() * 1e9 / eventsPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                UserEvent e = events.next();
                sent.add(producer.send(new ProducerRecord<>(topic, null, e.getTimestamp().toEpochMilli(), e.getUserId(), e)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(); // an event that was not written would leave the caller waiting for its item update
            }
        }
        return sent.size();
    }

    /** Waits until the instances are RUNNING. */
    public static void awaitRunning(Duration timeout, KafkaStreams... instances) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (KafkaStreams s : instances) {
            while (s.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("streams not RUNNING after " + timeout + ": " + s.state());
                }
                Thread.sleep(50);
            }
        }
    }
}
