package io.inferstream.app;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftTopics;
import io.inferstream.drift.monitor.DriftTopology;
import io.inferstream.drift.monitor.ReferencePublisher;
import io.inferstream.model.ModelRepository;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import io.inferstream.inference.DeadLetterCounter;
import io.inferstream.ops.DriftGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the drift topology: publishes the model repository's reference profiles to drift-reference-profiles (at
 * start and on every {@code inference.reload.interval}) and builds {@link DriftTopology} on drift-observations (and on
 * inference-results with {@code drift.observe=results}).
 */
public final class DriftTopologyFactory implements TopologyFactory {

    private static final Logger log = LoggerFactory.getLogger(DriftTopologyFactory.class);

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public String description() {
        return "drift-observations (window partials and predictions, observed by the scoring topology, or here from inference-results "
            + "with drift.observe=results) -> windowed feature and prediction drift against reference profiles -> model-drift-metrics, "
            + "model-drift-alerts; bootstrap profiles -> drift-reference-profiles; predictions joined with labels (user-events clicks, "
            + "labels) -> performance metrics and concept-drift detectors -> model-drift-metrics, model-drift-alerts";
    }

    @Override
    public Topology build(InferstreamConfig config) {
        return build(config, SchemaRegistryClients.create(registryConfig(config)), new DriftCounters());
    }

    @Override
    public Started start(InferstreamConfig config) {
        return start(config, new CompositeMeterRegistry());
    }

    /**
     * {@link #start(InferstreamConfig)} that also counts the topology's dead letters into {@code meters} and keeps the
     * drift gauges ({@link DriftGauges}) there, fed from model-drift-metrics and model-drift-alerts.
     */
    @Override
    public Started start(InferstreamConfig config, MeterRegistry meters) {
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig(config));
        DriftCounters counters = new DriftCounters(new DeadLetterCounter(meters, name())::count);
        ReferencePublisher publisher = new ReferencePublisher(new ModelRepository(config.inference().modelRepository()),
            config.kafka().producerConfig(), referencesTopic(config, registry), Clock.systemUTC());
        AvroSerdeConfig serdeConfig = serdeConfig(config);
        DriftGaugeFeed gauges;
        try {
            publisher.start(config.inference().reloadInterval());
            gauges = new DriftGaugeFeed(config.kafka().consumerConfig(),
                config.topics().name(StandardTopic.MODEL_DRIFT_METRICS), config.topics().name(StandardTopic.MODEL_DRIFT_ALERTS),
                AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false).deserializer(),
                AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false).deserializer(),
                new DriftGauges(meters), gaugeLookback(config), Clock.systemUTC()).start();
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
        return new Started(build(config, registry, counters), () -> {
            gauges.close();
            publisher.close();
            log.info("Drift monitoring counts: {}", counters.snapshot());
        });
    }

    /** See {@link DriftTopology#streamsDefaults()}: fewer transactions and fetches; drift is not latency-critical. */
    @Override
    public java.util.Map<String, Object> streamsDefaults(InferstreamConfig config) {
        return DriftTopology.streamsDefaults();
    }

    /** How far back the drift gauges read model-drift-metrics: three of the longest window, at least an hour. */
    static Duration gaugeLookback(InferstreamConfig config) {
        Duration longest = Collections.max(List.of(config.drift().window(), config.inference().shadowWindow(),
            config.recommend().evalWindow()));
        Duration three = longest.multipliedBy(3);
        return three.compareTo(Duration.ofHours(1)) > 0 ? three : Duration.ofHours(1);
    }

    static Topology build(InferstreamConfig config, SchemaRegistryClient registry, DriftCounters counters) {
        AvroSerdeConfig serdeConfig = serdeConfig(config);
        DriftTopics topics = new DriftTopics(
            new Topic<>(config.topics().name(StandardTopic.INFERENCE_RESULTS), Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(config.topics().name(StandardTopic.DEAD_LETTERS), Serdes.String(),
                AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.MODEL_DRIFT_METRICS), Serdes.String(),
                AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.MODEL_DRIFT_ALERTS), Serdes.String(),
                AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            referencesTopic(config, registry),
            observationsTopic(config),
            // Label sources of performance drift (drift.label.sources), read as bytes like the results.
            new Topic<>(config.topics().name(StandardTopic.USER_EVENTS), Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(config.topics().name(StandardTopic.LABELS), Serdes.ByteArray(), Serdes.ByteArray()));
        return DriftTopology.build(config.drift(), topics, new DriftTopology.Collaborators(
            () -> AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false).deserializer(), counters, Clock.systemUTC(),
            () -> AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).deserializer(),
            () -> AvroSerdes.specific(Label.class, registry, serdeConfig, false).deserializer()));
    }

    /** drift-observations: window partials, bootstrap partials and label-join batches in their binary form. */
    static Topic<String, byte[]> observationsTopic(InferstreamConfig config) {
        return new Topic<>(config.topics().name(StandardTopic.DRIFT_OBSERVATIONS), Serdes.String(), Serdes.ByteArray());
    }

    static Topic<String, DriftReferenceProfile> referencesTopic(InferstreamConfig config, SchemaRegistryClient registry) {
        return new Topic<>(config.topics().name(StandardTopic.DRIFT_REFERENCE_PROFILES), Serdes.String(),
            AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig(config), false));
    }

    private static RegistryClientConfig registryConfig(InferstreamConfig config) {
        return RegistryClientConfig.fromProperties(config.registry().clientProperties());
    }

    private static AvroSerdeConfig serdeConfig(InferstreamConfig config) {
        return AvroSerdeConfig.fromProperties(config.registry().clientProperties());
    }
}
