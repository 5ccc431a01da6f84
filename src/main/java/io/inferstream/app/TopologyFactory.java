package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import org.apache.kafka.streams.Topology;

/**
 * One Kafka Streams topology of the pipeline (scoring, recommendations, drift). Each runs as its own KafkaStreams
 * instance with application id {@code <kafka.application.id>-<name>}, so each keeps its own state and can be scaled
 * and reset on its own.
 *
 * <p>Implementations register themselves for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.inferstream.app.TopologyFactory}; {@code run}, {@code demo} and {@code describe} pick
 * them up from there, so adding a topology touches no central list.
 */
public interface TopologyFactory {

    /** Short stable name: application id suffix and file name of its checked-in description. */
    String name();

    /** One line for people: what the topology does. */
    String description();

    /** Builds the topology. Must not contact Kafka or the registry (describe runs offline). */
    Topology build(InferstreamConfig config);
}
