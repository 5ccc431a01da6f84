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

    /**
     * Starts what the topology needs at run time (loaded models, control listeners) and builds it on them.
     * The returned resources are closed after the topology's Kafka Streams client. By default there are none.
     */
    default Started start(InferstreamConfig config) {
        return new Started(build(config), () -> { });
    }

    /**
     * {@link #start(InferstreamConfig)} with the instance's meter registry, where the topology registers its own
     * metrics (exported with Kafka Streams' at {@code /metrics}). By default the registry is not used.
     */
    default Started start(InferstreamConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
        return start(config);
    }

    /** Streams properties this topology works best with; the configuration's own {@code streams.*} keys win. */
    default java.util.Map<String, Object> streamsDefaults(InferstreamConfig config) {
        return java.util.Map.of();
    }

    /**
     * A topology built on started collaborators, how to release them, the HTTP routes it answers (interactive
     * queries on its stores), registered once its Kafka Streams client exists, and its own readiness condition beyond
     * its client running (the scoring topology's: its models are loaded), asked by {@code /health/ready}.
     */
    record Started(Topology topology, AutoCloseable resources, HttpRoutes routes, io.inferstream.ops.ReadinessCheck readiness) {

        public Started(Topology topology, AutoCloseable resources, HttpRoutes routes) {
            this(topology, resources, routes, io.inferstream.ops.ReadinessCheck.READY);
        }

        public Started(Topology topology, AutoCloseable resources) {
            this(topology, resources, HttpRoutes.NONE);
        }
    }

    /** Registers a topology's routes on the instance's HTTP server. */
    @FunctionalInterface
    interface HttpRoutes {

        HttpRoutes NONE = (server, streams, self) -> { };

        /**
         * @param server  the instance's HTTP server
         * @param streams the topology's Kafka Streams client (started or about to be)
         * @param self    this instance's {@code application.server}, as other instances reach it
         */
        void register(io.inferstream.ops.OpsHttpServer server, org.apache.kafka.streams.KafkaStreams streams,
                      org.apache.kafka.streams.state.HostInfo self);
    }
}
