package io.inferstream.inference.bench;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Label;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.DriftSettings;
import io.inferstream.drift.monitor.DriftCounters;
import io.inferstream.drift.monitor.DriftTopics;
import io.inferstream.drift.monitor.DriftTopology;
import io.inferstream.drift.monitor.ReferencePublisher;
import io.inferstream.inference.ResultTap;
import io.inferstream.model.ModelRepository;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift topology (default settings) running in the benchmark's JVM on a scenario's results, with the demo
 * model's reference profiles published first: the benchmark's "with drift" scenario, so that the scoring
 * throughput with and without monitoring come from one run on one machine.
 */
final class DriftBeside implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DriftBeside.class);
    private static final Duration LABEL_WINDOW = Duration.ofSeconds(2);

    private final KafkaStreams streams;
    private final DriftCounters counters;

    private DriftBeside(KafkaStreams streams, DriftCounters counters) {
        this.streams = streams;
        this.counters = counters;
    }

    /**
     * The observing step the drift topology's default settings ({@code drift.observe=scoring}) put into the scoring
     * topology, counting into {@code counters}.
     */
    static ResultTap tap(String prefix, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig, DriftCounters counters) {
        return (builder, results) -> DriftTopology.observeScored(builder, results, settings(), references(prefix, registry, serdeConfig),
            observations(prefix), counters);
    }

    private static Topic<String, DriftReferenceProfile> references(String prefix, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
        return new Topic<>(prefix + "drift-reference-profiles", Serdes.String(),
            AvroSerdes.specific(DriftReferenceProfile.class, registry, serdeConfig, false));
    }

    private static Topic<String, byte[]> observations(String prefix) {
        return new Topic<>(prefix + "drift-observations", Serdes.String(), Serdes.ByteArray());
    }

    /**
     * Default settings, the label join on with a short label window: no clicks come, so every result goes through the
     * join's state and, as a negative LABEL_WINDOW later, through the performance windows and detectors, as every
     * result would with real labels (a conservative cost: most results wait longer than the benchmark runs).
     */
    private static DriftSettings settings() {
        DriftSettings defaults = DriftSettings.defaults();
        return defaults.withBootstrapRecords(0).withLabels(defaults.labels().withWindow(LABEL_WINDOW));
    }

    /** Starts the drift topology (the judging step) and waits until it runs; {@code counters} as given to {@link #tap}. */
    static DriftBeside start(String prefix, String bootstrap, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig, Path repo,
                             Properties props, DriftCounters counters) {
        Topic<String, DriftReferenceProfile> references = references(prefix, registry, serdeConfig);
        try (ReferencePublisher publisher = new ReferencePublisher(new ModelRepository(repo),
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), references, Clock.systemUTC())) {
            publisher.publishNew();
        }
        DriftTopics topics = new DriftTopics(
            new Topic<>(prefix + "inference-results", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(prefix + "dead-letters", Serdes.String(), AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "model-drift-metrics", Serdes.String(), AvroSerdes.specific(DriftMetric.class, registry, serdeConfig, false)),
            new Topic<>(prefix + "model-drift-alerts", Serdes.String(), AvroSerdes.specific(DriftAlert.class, registry, serdeConfig, false)),
            references,
            observations(prefix),
            new Topic<>(prefix + "user-events", Serdes.ByteArray(), Serdes.ByteArray()),
            new Topic<>(prefix + "labels", Serdes.ByteArray(), Serdes.ByteArray()));
        var topology = DriftTopology.build(settings(), topics, new DriftTopology.Collaborators(
            () -> AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false).deserializer(), counters, Clock.systemUTC(),
            () -> AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).deserializer(),
            () -> AvroSerdes.specific(Label.class, registry, serdeConfig, false).deserializer()));
        Properties p = new Properties();
        p.putAll(props);
        p.put(StreamsConfig.POLL_MS_CONFIG, 100);
        p.putAll(DriftTopology.streamsDefaults()); // as the application runs it (DriftTopologyFactory#streamsDefaults)
        KafkaStreams streams = new KafkaStreams(topology, p);
        streams.start();
        // Scoring starts only once monitoring runs: the scenario measures monitoring's steady cost, not its start-up
        // (group join, internal topics) overlapping the first seconds of scoring.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                streams.close(Duration.ofSeconds(30));
                throw new IllegalStateException("the drift topology did not start within 60 s: " + streams.state());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                streams.close(Duration.ofSeconds(30));
                throw new IllegalStateException("interrupted while the drift topology started", e);
            }
        }
        return new DriftBeside(streams, counters);
    }

    /** Results the drift topology has read so far. */
    long observed() {
        return counters.get(DriftCounters.OBSERVED);
    }

    /** Results joined with a label (a negative by timeout) so far. */
    long labelled() {
        return counters.get(DriftCounters.LABELLED);
    }

    @Override
    public void close() {
        log.info("Drift beside the benchmark: {} results observed and {} labelled by the time scoring was done; counts {}", observed(),
            labelled(), counters.snapshot());
        streams.close(Duration.ofSeconds(30));
    }
}
