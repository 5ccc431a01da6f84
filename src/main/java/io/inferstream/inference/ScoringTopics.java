package io.inferstream.inference;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ShadowComparison;
import io.inferstream.serde.Topic;
import java.util.Objects;

/**
 * The scoring topology's topics. Requests are read as raw bytes so that a record that does not
 * decode can be dead-lettered byte for byte; every output keeps the request's key bytes, so results
 * land on the partition their requests came from. The shadow agreement metrics are keyed
 * {@code <model>/<servedVersion>/shadow:v<shadowVersion>}, as model-drift-metrics is.
 */
public record ScoringTopics(Topic<byte[], byte[]> requests, Topic<byte[], InferenceResult> results,
                            Topic<byte[], DeadLetter> deadLetters, Topic<byte[], ShadowComparison> shadowComparisons,
                            Topic<String, DriftMetric> driftMetrics) {
    public ScoringTopics {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(shadowComparisons, "shadowComparisons");
        Objects.requireNonNull(driftMetrics, "driftMetrics");
    }
}
