package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import java.util.Optional;

/** Lets commands take either a Kafka topic name or an Inferstream logical topic name. */
final class Topics {

    private Topics() {
    }

    /** The configured Kafka name for a logical name; any other string is taken as a Kafka topic name. */
    static String resolve(InferstreamConfig config, String topicOrLogical) {
        return StandardTopic.byLogicalName(topicOrLogical).map(t -> config.topics().name(t)).orElse(topicOrLogical);
    }

    /** The standard topic configured with this Kafka name, if any. */
    static Optional<StandardTopic> standardFor(InferstreamConfig config, String kafkaName) {
        for (StandardTopic t : StandardTopic.values()) {
            if (config.topics().name(t).equals(kafkaName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
