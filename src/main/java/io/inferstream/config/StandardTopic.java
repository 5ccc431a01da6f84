package io.inferstream.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The topics Inferstream reads and writes, by logical name. The logical name is also the default topic name and
 * the config key segment: {@code topics.<logical>.name|partitions|cleanup.policy|retention.ms}.
 * Key and value describe the records for documentation and tooling ({@code produce --value-type});
 * the value schema is the Avro record's simple name, or empty for a topic whose values are not Avro.
 */
public enum StandardTopic {
    INFERENCE_REQUESTS("inference-requests", 3, CleanupPolicy.DELETE, Duration.ofDays(7), "request or entity id", "InferenceRequest"),
    INFERENCE_RESULTS("inference-results", 3, CleanupPolicy.DELETE, Duration.ofDays(7), "the request's key", "InferenceResult"),
    DEAD_LETTERS("dead-letters", 1, CleanupPolicy.DELETE, Duration.ofDays(14), "original key", "DeadLetter"),
    // Not compacted: commands for one model (pin, canary, shadow) must all survive for instances that start later.
    MODEL_CONTROL("model-control", 1, CleanupPolicy.DELETE, Duration.ofDays(3650), "model name", "ModelEvent"),
    USER_EVENTS("user-events", 3, CleanupPolicy.DELETE, Duration.ofDays(7), "user id", "UserEvent"),
    ITEM_FACTOR_UPDATES("item-factor-updates", 3, CleanupPolicy.DELETE, Duration.ofDays(1), "item id", "ItemFactorUpdate"),
    ITEM_FACTORS("item-factors", 3, CleanupPolicy.COMPACT, null, "item id", "ItemFactors"),
    RECOMMENDATIONS("recommendations", 3, CleanupPolicy.COMPACT, null, "user id", "Recommendations"),
    RECOMMENDATION_REQUESTS("recommendation-requests", 3, CleanupPolicy.DELETE, Duration.ofDays(1), "user id", "RecommendationRequest"),
    MODEL_DRIFT_METRICS("model-drift-metrics", 1, CleanupPolicy.DELETE, Duration.ofDays(30), "model/version/feature", "DriftMetric"),
    MODEL_DRIFT_ALERTS("model-drift-alerts", 1, CleanupPolicy.COMPACT, null, "alert id", "DriftAlert"),
    DRIFT_REFERENCE_PROFILES("drift-reference-profiles", 1, CleanupPolicy.COMPACT, null, "model/version", "DriftReferenceProfile"),
    SHADOW_COMPARISONS("shadow-comparisons", 1, CleanupPolicy.DELETE, Duration.ofDays(7), "request key", "ShadowComparison"),
    // Explicit labels for performance drift; the drift topology re-keys them by requestId, so any key works.
    LABELS("labels", 3, CleanupPolicy.DELETE, Duration.ofDays(7), "request id (any key: re-keyed by requestId)", "Label"),
    // Drift monitoring's own traffic, in a compact binary form (not Avro): window partials and bootstrap rows sketched
    // where the results are observed, prediction and label batches for the label join. Read within seconds by the
    // drift topology; the retention only bounds how long a stopped drift topology can catch up.
    DRIFT_OBSERVATIONS("drift-observations", 3, CleanupPolicy.DELETE, Duration.ofDays(1),
        "quantity (model/version/feature), model/version or request-id bucket", null);

    private final String logicalName;
    private final int defaultPartitions;
    private final CleanupPolicy defaultCleanupPolicy;
    private final Duration defaultRetention;
    private final String key;
    private final String valueSchema;

    StandardTopic(String logicalName, int defaultPartitions, CleanupPolicy defaultCleanupPolicy, Duration defaultRetention,
                  String key, String valueSchema) {
        this.logicalName = logicalName;
        this.defaultPartitions = defaultPartitions;
        this.defaultCleanupPolicy = defaultCleanupPolicy;
        this.defaultRetention = defaultRetention;
        this.key = key;
        this.valueSchema = valueSchema;
    }

    public String logicalName() {
        return logicalName;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public CleanupPolicy defaultCleanupPolicy() {
        return defaultCleanupPolicy;
    }

    /** Empty for compacted topics, which keep state rather than expire. */
    public Optional<Duration> defaultRetention() {
        return Optional.ofNullable(defaultRetention);
    }

    /** What the record key holds (always a UTF-8 string key). */
    public String keyDescription() {
        return key;
    }

    /** Simple name of the Avro record in {@code io.inferstream.avro}, empty where the values are not Avro. */
    public Optional<String> valueSchema() {
        return Optional.ofNullable(valueSchema);
    }

    public static Optional<StandardTopic> byLogicalName(String name) {
        for (StandardTopic t : values()) {
            if (t.logicalName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
