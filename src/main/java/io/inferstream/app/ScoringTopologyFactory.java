package io.inferstream.app;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.config.InferenceSettings;
import io.inferstream.config.DriftSettings;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftTopology;
import io.inferstream.inference.BatchingSettings;
import io.inferstream.inference.ModelControlListener;
import io.inferstream.inference.ModelEventPublisher;
import io.inferstream.inference.ModelManager;
import io.inferstream.inference.ModelPolicy;
import io.inferstream.inference.ModelReadiness;
import io.inferstream.inference.ModelRoutes;
import io.inferstream.inference.ResultTap;
import io.inferstream.inference.ScoringMetrics;
import io.inferstream.inference.ServingGauges;
import io.inferstream.inference.ScoringSettings;
import io.inferstream.inference.ScoringTopics;
import io.inferstream.inference.ScoringTopology;
import io.inferstream.inference.ShadowWindowSettings;
import io.inferstream.model.ModelLoadOptions;
import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scoring topology: loads the served models (a {@link ModelManager} on the model repository), follows
 * the model-control topic, and builds {@link ScoringTopology} on them.
 */
public final class ScoringTopologyFactory implements TopologyFactory {

    private static final Logger log = LoggerFactory.getLogger(ScoringTopologyFactory.class);
    /** How soon a routing change (canary share, promotion) shows in the serving gauges. */
    private static final Duration SERVING_REFRESH = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "scoring";
    }

    @Override
    public String description() {
        return "inference-requests -> micro-batched TensorFlow scoring -> inference-results, dead-letters, shadow-comparisons, "
            + "shadow agreement -> model-drift-metrics; scored results observed for drift (drift.observe=scoring) -> drift-observations";
    }

    @Override
    public Topology build(InferstreamConfig config) {
        // Offline (describe): the topology's shape does not depend on which models are loaded.
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig(config));
        ModelRoutes none = Map::of;
        return build(config, registry, none, ScoringMetrics.none(), new DriftCounters());
    }

    @Override
    public Started start(InferstreamConfig config) {
        return start(config, new CompositeMeterRegistry());
    }

    /** Loads the models, follows model-control, and counts into {@code meters} (scoring, dead letters, serving shares). */
    @Override
    public Started start(InferstreamConfig config, MeterRegistry meters) {
        InferenceSettings inference = config.inference();
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig(config));
        AvroSerdeConfig serdeConfig = serdeConfig(config);
        String controlTopic = config.topics().name(StandardTopic.MODEL_CONTROL);
        ModelEventPublisher publisher = new ModelEventPublisher(config.kafka().producerConfig(),
            new Topic<>(controlTopic, Serdes.String(), AvroSerdes.specific(ModelEvent.class, registry, serdeConfig, false)));
        ModelLoader loader = new ModelLoader(ModelLoadOptions.defaults().withSignatureKey(inference.signature()));
        ModelManager models = new ModelManager(new ModelRepository(inference.modelRepository()), loader::load, policies(inference),
            publisher, instanceId(), Clock.systemUTC());
        ModelControlListener control = null;
        try {
            models.start(inference.reloadInterval());
            control = new ModelControlListener(config.kafka().consumerConfig(), controlTopic,
                AvroSerdes.specific(ModelEvent.class, registry, serdeConfig, false).deserializer(), models);
            control.start(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            closeAll(control, models, publisher, registry);
            throw e;
        }
        if (models.snapshot().isEmpty()) {
            log.warn("No model found in {}: requests are dead-lettered as UNKNOWN_MODEL until one is added "
                + "(layout <model>/<version>/saved_model.pb; `inferstream models build-demo DIR` writes a demo model)",
                inference.modelRepository().toAbsolutePath());
        }
        ModelControlListener listener = control;
        ServingGauges serving = new ServingGauges(models, meters).start(SERVING_REFRESH);
        ModelReadiness ready = new ModelReadiness(models, requiredModels(inference));
        DriftCounters observed = new DriftCounters();
        return new Started(build(config, registry, models, new ScoringMetrics(meters), observed),
            () -> {
                closeAll(serving, listener, models, publisher, registry);
                if (config.drift().observe() == DriftSettings.Observe.SCORING) {
                    log.info("Drift observation counts: {}", observed.snapshot());
                }
            }, HttpRoutes.NONE, ready::problem);
    }

    /** The models readiness waits for: those the configuration names. */
    static Set<String> requiredModels(InferenceSettings inference) {
        Set<String> names = new TreeSet<>(inference.models().keySet());
        if (inference.defaultModel() != null) {
            names.add(inference.defaultModel());
        }
        return names;
    }

    /** Requests wait at most {@code inference.batch.max.wait}, so Streams must not idle in poll() much longer. */
    @Override
    public Map<String, Object> streamsDefaults(InferstreamConfig config) {
        long waitMs = Math.max(1, config.inference().maxBatchWait().toMillis());
        return Map.of(StreamsConfig.POLL_MS_CONFIG, Long.toString(waitMs));
    }

    private static Topology build(InferstreamConfig config, SchemaRegistryClient registry, ModelRoutes routes, ScoringMetrics metrics,
                                  DriftCounters observed) {
        InferenceSettings inference = config.inference();
        AvroSerdeConfig serdeConfig = serdeConfig(config);
        ScoringTopics topics = new ScoringTopics(
            new Topic<>(config.topics().name(StandardTopic.INFERENCE_REQUESTS), Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(config.topics().name(StandardTopic.INFERENCE_RESULTS), Serdes.ByteArray(),
                AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.DEAD_LETTERS), Serdes.ByteArray(),
                AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.SHADOW_COMPARISONS), Serdes.ByteArray(),
                AvroSerdes.specific(ShadowComparison.class, registry, serdeConfig, false)),
            new Topic<>(config.topics().name(StandardTopic.MODEL_DRIFT_METRICS), Serdes.String(),
                AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)));
        ScoringSettings settings = new ScoringSettings(inference.defaultModel(),
            new BatchingSettings(inference.maxBatchSize(), inference.maxBatchWait()), inference.maxRowsPerRequest(),
            inference.allowNonFinite(), inference.shadowTolerance(),
            new ShadowWindowSettings(inference.shadowWindow(), inference.shadowWindowGrace()));
        // drift.observe=scoring: drift monitoring's observing step runs here, on the results as they are scored.
        ResultTap drift = config.drift().observe() != DriftSettings.Observe.SCORING ? ResultTap.NONE
            : (builder, results) -> DriftTopology.observeScored(builder, results, config.drift(),
                DriftTopologyFactory.referencesTopic(config, registry), DriftTopologyFactory.observationsTopic(config), observed);
        return ScoringTopology.build(settings, topics, new ScoringTopology.Collaborators(routes,
            () -> AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).deserializer(), Clock.systemUTC(), metrics,
            drift));
    }

    static Map<String, ModelPolicy> policies(InferenceSettings inference) {
        Map<String, ModelPolicy> out = new HashMap<>();
        inference.models().forEach((name, m) ->
            out.put(name, new ModelPolicy(m.versions(), m.pinned(), m.canary(), m.canaryShare(), m.shadow())));
        return out;
    }

    private static RegistryClientConfig registryConfig(InferstreamConfig config) {
        return RegistryClientConfig.fromProperties(config.registry().clientProperties());
    }

    private static AvroSerdeConfig serdeConfig(InferstreamConfig config) {
        return AvroSerdeConfig.fromProperties(config.registry().clientProperties());
    }

    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
