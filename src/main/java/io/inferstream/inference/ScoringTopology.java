package io.inferstream.inference;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * inference-requests -> micro-batched TensorFlow scoring -> inference-results, with dead letters and
 * shadow comparisons on their own topics, and the shadow comparisons' windowed agreement on model-drift-metrics
 * (see {@link ShadowMetrics}). A pure factory: it starts nothing and loads no model.
 */
public final class ScoringTopology {

    /**
     * What the topology needs from the running application.
     *
     * @param metrics   where scoring and dead letters are counted and timed ({@link ScoringMetrics#none()}: nowhere)
     * @param resultTap more processing of the scored results in this topology ({@link ResultTap#NONE}: none)
     */
    public record Collaborators(ModelRoutes routes, Supplier<Deserializer<InferenceRequest>> requestDeserializer, Clock clock,
                                ScoringMetrics metrics, ResultTap resultTap) {
        public Collaborators(ModelRoutes routes, Supplier<Deserializer<InferenceRequest>> requestDeserializer, Clock clock,
                             ScoringMetrics metrics) {
            this(routes, requestDeserializer, clock, metrics, ResultTap.NONE);
        }

        public Collaborators(ModelRoutes routes, Supplier<Deserializer<InferenceRequest>> requestDeserializer, Clock clock) {
            this(routes, requestDeserializer, clock, ScoringMetrics.none());
        }
    }

    private ScoringTopology() {
    }

    public static Topology build(ScoringSettings settings, ScoringTopics topics, Collaborators collaborators) {
        StreamsBuilder builder = new StreamsBuilder();
        // The micro-batch buffer (see MicroBatchProcessor for why it must be a changelogged store).
        // In memory: it only ever holds one batch per task. Caching on: a request put and deleted
        // again within one commit interval, the common case, then never reaches the changelog.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(MicroBatchProcessor.BUFFER_STORE), Serdes.Long(), Serdes.ByteArray())
            .withCachingEnabled()
            .withLoggingEnabled(Map.of()));

        BatchScorer scorer = new BatchScorer(collaborators.routes(), settings.defaultModel(),
            new FeatureAssembler(settings.maxRowsPerRequest(), settings.allowNonFinite()),
            new ShadowComparator(settings.shadowTolerance()), collaborators.clock(), collaborators.metrics());
        DeadLetterCounter deadLetters = collaborators.metrics().deadLetters();

        // No repartition: requests are scored on the partition they arrive on, so results keep their
        // key and per-key order.
        KStream<byte[], ScoringOutcome> outcomes = builder
            .stream(topics.requests().name(), topics.requests().consumed("inference-requests-source"))
            .process(() -> new MicroBatchProcessor(settings.batching(), collaborators.requestDeserializer().get(), scorer),
                Named.as("micro-batch-score"), MicroBatchProcessor.BUFFER_STORE);

        outcomes.split(Named.as("outcome-"))
            .branch((k, v) -> v instanceof ScoringOutcome.Scored, Branched.withConsumer(s -> {
                KStream<byte[], InferenceResult> results = s.mapValues(v -> ((ScoringOutcome.Scored) v).result(), Named.as("result"));
                results.to(topics.results().name(), topics.results().produced("inference-results-sink"));
                collaborators.resultTap().attach(builder, results);
            }, "scored"))
            .branch((k, v) -> v instanceof ScoringOutcome.Rejected, Branched.withConsumer(s -> s
                .mapValues(v -> {
                    // Counted here, where every rejection of the topology passes (decode and scoring alike).
                    DeadLetter letter = ((ScoringOutcome.Rejected) v).deadLetter();
                    deadLetters.count(letter.getErrorCode());
                    return letter;
                }, Named.as("dead-letter"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letters-sink")), "rejected"))
            .branch((k, v) -> v instanceof ScoringOutcome.Shadowed, Branched.withConsumer(s -> {
                KStream<byte[], ShadowComparison> comparisons = s
                    .mapValues(v -> ((ScoringOutcome.Shadowed) v).comparison(), Named.as("shadow-comparison"));
                comparisons.to(topics.shadowComparisons().name(), topics.shadowComparisons().produced("shadow-comparisons-sink"));
                ShadowMetrics.addTo(comparisons, settings.shadowWindow(), topics.driftMetrics());
            }, "shadowed"));
        return builder.build();
    }
}
