package io.inferstream.inference;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** Runs the scoring topology on a real broker and registry, as the integration tests need it. */
final class ScoringHarness {

    static final String REQUESTS = "inference-requests";
    static final String RESULTS = "inference-results";
    static final String DEAD_LETTERS = "dead-letters";
    static final String SHADOWS = "shadow-comparisons";
    static final String DRIFT_METRICS = "model-drift-metrics";

    private ScoringHarness() {
    }

    static void createTopics(String bootstrap, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (String t : List.of(REQUESTS, RESULTS, DEAD_LETTERS, SHADOWS, DRIFT_METRICS)) {
                try {
                    admin.createTopics(List.of(new NewTopic(t, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The scoring topology's topics under their standard names, with registry Avro serdes (shared with the topology tests). */
    static ScoringTopics topics(SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
        return new ScoringTopics(
            new Topic<>(REQUESTS, Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(RESULTS, Serdes.ByteArray(), AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false)),
            new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(SHADOWS, Serdes.ByteArray(), AvroSerdes.specific(ShadowComparison.class, registry, serdeConfig, false)),
            new Topic<>(DRIFT_METRICS, Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)));
    }

    static KafkaStreams start(String bootstrap, String registryUrl, Path stateDir, String guarantee, ModelRoutes routes,
                              BatchingSettings batching) {
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryUrl);
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.of(registryUrl);
        AvroSerde<InferenceRequest> requestSerde = AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false);
        Topology topology = ScoringTopology.build(new ScoringSettings(null, batching, 1024, false, 1e-6, ShadowWindowSettings.defaults()),
            topics(registry, serdeConfig),
            new ScoringTopology.Collaborators(routes, requestSerde::deserializer, Clock.systemUTC()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.POLL_MS_CONFIG, 5);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 500);
        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        return streams;
    }

    static void awaitRunning(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams not RUNNING after " + timeout + ": " + streams.state());
            }
            Thread.sleep(50);
        }
    }
}
