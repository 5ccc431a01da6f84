package io.inferstream.registry.server;

import io.inferstream.registry.CompatibilityLevel;
import io.inferstream.registry.KafkaSchemaStoreConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the schema registry's REST server.
 *
 * @param host                 address to listen on (127.0.0.1 for loopback only)
 * @param port                 port; 0 picks a free one ({@link SchemaRegistryServer#url()} tells which)
 * @param kafkaStore           durable store on Kafka; {@code null}: in memory, lost when the server stops
 * @param defaultCompatibility global level until one is set with PUT /config (Confluent: BACKWARD)
 * @param threads              request threads (bounded pool)
 * @param queueCapacity        requests waiting for a thread before the accepting thread handles them itself
 */
public record SchemaRegistryServerConfig(String host, int port, KafkaSchemaStoreConfig kafkaStore,
                                         CompatibilityLevel defaultCompatibility, int threads, int queueCapacity) {

    public static final int DEFAULT_PORT = 8081;

    public SchemaRegistryServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultCompatibility, "defaultCompatibility");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be >= 1, got " + threads + " and " + queueCapacity);
        }
    }

    /** In memory on host:port. */
    public static SchemaRegistryServerConfig inMemory(String host, int port) {
        return new SchemaRegistryServerConfig(host, port, null, CompatibilityLevel.BACKWARD, 8, 256);
    }

    /** In memory on 127.0.0.1, a free port: for tests. */
    public static SchemaRegistryServerConfig ephemeral() {
        return inMemory("127.0.0.1", 0);
    }

    /** On host:port, stored in topic {@code _schemas} of the given Kafka (replication factor 1). */
    public static SchemaRegistryServerConfig kafka(String host, int port, String bootstrapServers) {
        return inMemory(host, port).withKafkaStore(KafkaSchemaStoreConfig.of(bootstrapServers));
    }

    public SchemaRegistryServerConfig withPort(int newPort) {
        return new SchemaRegistryServerConfig(host, newPort, kafkaStore, defaultCompatibility, threads, queueCapacity);
    }

    public SchemaRegistryServerConfig withKafkaStore(KafkaSchemaStoreConfig newKafkaStore) {
        return new SchemaRegistryServerConfig(host, port, newKafkaStore, defaultCompatibility, threads, queueCapacity);
    }

    public SchemaRegistryServerConfig withDefaultCompatibility(CompatibilityLevel level) {
        return new SchemaRegistryServerConfig(host, port, kafkaStore, level, threads, queueCapacity);
    }

    public SchemaRegistryServerConfig withThreads(int newThreads) {
        return new SchemaRegistryServerConfig(host, port, kafkaStore, defaultCompatibility, newThreads, queueCapacity);
    }

    public Optional<KafkaSchemaStoreConfig> kafkaStoreConfig() {
        return Optional.ofNullable(kafkaStore);
    }
}
