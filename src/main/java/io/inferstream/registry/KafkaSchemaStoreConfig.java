package io.inferstream.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link KafkaSchemaStore} keeps the registry.
 *
 * @param bootstrapServers  Kafka to use
 * @param topic             the compacted log topic; {@code _schemas}, as Confluent's registry
 * @param replicationFactor for the topic when it is created (1 for the embedded single node)
 * @param timeout           how long a write (and the start's replay) may take before failing
 * @param clientProperties  any other Kafka client property (security, ...), passed to producer, consumer and admin
 */
public record KafkaSchemaStoreConfig(String bootstrapServers, String topic, short replicationFactor, Duration timeout,
                                     Map<String, Object> clientProperties) {

    public static final String DEFAULT_TOPIC = "_schemas";

    public KafkaSchemaStoreConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        clientProperties = Map.copyOf(clientProperties);
        if (bootstrapServers.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers and topic must not be empty");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be >= 1, got " + replicationFactor);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Topic {@code _schemas}, replication factor 1, 30 s timeout. */
    public static KafkaSchemaStoreConfig of(String bootstrapServers) {
        return new KafkaSchemaStoreConfig(bootstrapServers, DEFAULT_TOPIC, (short) 1, Duration.ofSeconds(30), Map.of());
    }

    public KafkaSchemaStoreConfig withTopic(String newTopic) {
        return new KafkaSchemaStoreConfig(bootstrapServers, newTopic, replicationFactor, timeout, clientProperties);
    }

    public KafkaSchemaStoreConfig withReplicationFactor(short newReplicationFactor) {
        return new KafkaSchemaStoreConfig(bootstrapServers, topic, newReplicationFactor, timeout, clientProperties);
    }

    public KafkaSchemaStoreConfig withTimeout(Duration newTimeout) {
        return new KafkaSchemaStoreConfig(bootstrapServers, topic, replicationFactor, newTimeout, clientProperties);
    }
}
