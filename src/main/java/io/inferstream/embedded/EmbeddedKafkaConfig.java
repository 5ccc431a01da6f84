package io.inferstream.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run the embedded Kafka node.
 *
 * @param host             loopback address to listen on
 * @param port             client listener port; 0 picks a free one
 * @param controllerPort   KRaft controller listener port; 0 picks a free one
 * @param logDir           data directory; formatted on first use, kept across restarts
 * @param defaultPartitions partitions of auto-created topics
 * @param startTimeout     how long to wait for the node to serve metadata
 * @param overrides        any other broker property, passed through as is
 */
public record EmbeddedKafkaConfig(String host, int port, int controllerPort, Path logDir, int defaultPartitions,
                                  Duration startTimeout, Map<String, String> overrides) {

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(startTimeout, "startTimeout");
        overrides = Map.copyOf(overrides);
        if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
            throw new IllegalArgumentException("Ports must be in 0..65535, got " + port + " and " + controllerPort);
        }
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("Broker and controller ports must differ, both are " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be >= 1, got " + defaultPartitions);
        }
    }

    /** Free ports on 127.0.0.1, for tests. */
    public static EmbeddedKafkaConfig ephemeral(Path logDir) {
        return new EmbeddedKafkaConfig("127.0.0.1", 0, 0, logDir, 1, Duration.ofSeconds(60), Map.of());
    }

    public EmbeddedKafkaConfig withPort(int newPort) {
        return new EmbeddedKafkaConfig(host, newPort, controllerPort, logDir, defaultPartitions, startTimeout, overrides);
    }
}
