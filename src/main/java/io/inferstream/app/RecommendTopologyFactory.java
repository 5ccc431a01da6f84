package io.inferstream.app;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.ItemFactors;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.UserEvent;
import io.inferstream.avro.UserProfile;
import io.inferstream.config.ConfigException;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.RecommendSettings;
import io.inferstream.config.StandardTopic;
import io.inferstream.recommend.ItemIndex;
import io.inferstream.recommend.RecommendTopics;
import io.inferstream.recommend.RecommendTopology;
import io.inferstream.recommend.RecommenderStats;
import io.inferstream.recommend.query.RecommendationQueries;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the recommendation topology: a fresh {@link ItemIndex} and {@link RecommenderStats} per instance, and the
 * registry serdes. {@link #start} returns them as {@link Running}, the Started resources, so metrics of the same
 * process can read the index and the staleness the topology records, and registers the HTTP interactive queries
 * ({@link RecommendationQueries}) on that index.
 */
public final class RecommendTopologyFactory implements TopologyFactory {

    private static final Logger log = LoggerFactory.getLogger(RecommendTopologyFactory.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * A started recommendation topology's in-process state, closed after its Kafka Streams client.
     *
     * @param index    this instance's item matrix (filled by the global item-factors store; read-only for others)
     * @param stats    item-factor staleness and visibility lag
     * @param settings the {@code recommend.*} settings it runs with (feed size, factors, ...)
     */
    public record Running(ItemIndex index, RecommenderStats stats, RecommendSettings settings, SchemaRegistryClient registry)
        implements AutoCloseable {
        @Override
        public void close() {
            registry.close();
        }
    }

    @Override
    public String name() {
        return "recommend";
    }

    @Override
    public String description() {
        return "user-events -> online matrix factorization (user side, item-factor-updates, item side) -> item-factors "
            + "-> global item index -> recommendations; recommendation-requests answered; prequential recall -> model-drift-metrics";
    }

    @Override
    public Topology build(InferstreamConfig config) {
        // Offline (describe): a fresh, empty index; nothing is contacted.
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig(config));
        return build(config, registry, new ItemIndex(config.recommend().factors()), new RecommenderStats());
    }

    @Override
    public Started start(InferstreamConfig config) {
        return start(config, new CompositeMeterRegistry());
    }

    /** {@link #start(InferstreamConfig)} with the recommender's meters (events, feeds, staleness) in {@code meters}. */
    @Override
    public Started start(InferstreamConfig config, MeterRegistry meters) {
        checkCoPartitioned(config);
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig(config));
        Running running = new Running(new ItemIndex(config.recommend().factors()), new RecommenderStats(meters), config.recommend(),
            registry);
        try {
            // The interactive queries (GET /users/{id}/recommendations, /factors, /items/{id}/similar) read the same
            // index the topology fills, and the user-profile store of whichever instance owns the user.
            return new Started(build(config, registry, running.index(), running.stats()), running, (server, streams, self) ->
                new RecommendationQueries(streams, running.index(), self, config.recommend().feedSize()).register(server));
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    /** The topology for the given collaborators (tests and benchmarks use it to keep hold of the index). */
    public static Topology build(InferstreamConfig config, SchemaRegistryClient registry, ItemIndex index, RecommenderStats stats) {
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.fromProperties(config.registry().clientProperties());
        RecommendTopics topics = new RecommendTopics(
            new Topic<>(config.topics().name(StandardTopic.USER_EVENTS), Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(config.topics().name(StandardTopic.RECOMMENDATION_REQUESTS), Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(config.topics().name(StandardTopic.ITEM_FACTOR_UPDATES), Serdes.String(),
                AvroSerdes.specific(ItemFactorUpdate.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.ITEM_FACTORS), Serdes.String(),
                AvroSerdes.specific(ItemFactors.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.RECOMMENDATIONS), Serdes.String(),
                AvroSerdes.specific(Recommendations.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.DEAD_LETTERS), Serdes.ByteArray(),
                AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.MODEL_DRIFT_METRICS), Serdes.String(),
                AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            config.topics().spec(StandardTopic.USER_EVENTS).partitions());
        return RecommendTopology.build(config.recommend(), topics, new RecommendTopology.Collaborators(index, stats,
            () -> AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).deserializer(),
            () -> AvroSerdes.specific(RecommendationRequest.class, registry, serdeConfig, false).deserializer(),
            AvroSerdes.specific(UserProfile.class, registry, serdeConfig, false)));
    }

    /**
     * user-events and recommendation-requests share the user side's tasks, so their partition counts must agree, and
     * the recall metric waits for {@code topics.user-events.partitions} tasks: checked on the configuration, and on
     * the topics where they exist already.
     */
    static void checkCoPartitioned(InferstreamConfig config) {
        int events = config.topics().spec(StandardTopic.USER_EVENTS).partitions();
        int requests = config.topics().spec(StandardTopic.RECOMMENDATION_REQUESTS).partitions();
        if (events != requests) {
            throw new ConfigException("topics.user-events.partitions (" + events + ") and topics.recommendation-requests.partitions ("
                + requests + ") must be equal: feed requests are answered in the task that holds the user");
        }
        String eventsTopic = config.topics().name(StandardTopic.USER_EVENTS);
        String requestsTopic = config.topics().name(StandardTopic.RECOMMENDATION_REQUESTS);
        try (Admin admin = Admin.create(config.kafka().adminConfig())) {
            Map<String, TopicDescription> found = admin.describeTopics(List.of(eventsTopic, requestsTopic)).allTopicNames()
                .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int actualEvents = found.get(eventsTopic).partitions().size();
            int actualRequests = found.get(requestsTopic).partitions().size();
            if (actualEvents != actualRequests || actualEvents != events) {
                throw new ConfigException("topic " + eventsTopic + " has " + actualEvents + " partitions, " + requestsTopic + " "
                    + actualRequests + ", topics.user-events.partitions says " + events + ": they must all be equal (feed requests"
                    + " are answered in the task that holds the user; the recall metric waits for every user-events partition)");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                log.warn("Could not check the partitions of {} and {}: {}", eventsTopic, requestsTopic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Could not check the partitions of {} and {} within {}", eventsTopic, requestsTopic, ADMIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static RegistryClientConfig registryConfig(InferstreamConfig config) {
        return RegistryClientConfig.fromProperties(config.registry().clientProperties());
    }
}
