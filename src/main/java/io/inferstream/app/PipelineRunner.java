package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the pipeline's topologies, one {@link KafkaStreams} per {@link TopologyFactory}, against whatever Kafka
 * the config points at (a real cluster for {@code run}, the embedded node for {@code demo}). Closing stops them in
 * reverse order.
 */
public final class PipelineRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final InferstreamConfig config;
    private final List<TopologyFactory> factories;
    private final StartedComponents started = new StartedComponents();
    private final List<KafkaStreams> streams = new ArrayList<>();

    public PipelineRunner(InferstreamConfig config, List<TopologyFactory> factories) {
        this.config = config;
        this.factories = List.copyOf(factories);
    }

    /** Builds and starts every topology; returns their names (empty, and says so in the log, when there are none). */
    public List<String> start() {
        if (factories.isEmpty()) {
            log.info(Topologies.NONE_YET);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (TopologyFactory factory : factories) {
            Topology topology = factory.build(config);
            Properties props = new Properties();
            props.putAll(config.kafka().streamsConfig(factory.name()));
            KafkaStreams ks = new KafkaStreams(topology, props);
            ks.setUncaughtExceptionHandler(e -> {
                log.error("Topology {} failed; stopping its Kafka Streams client: {}", factory.name(), e.toString(), e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            ks.setStateListener((now, before) -> log.info("Topology {}: {} -> {}", factory.name(), before, now));
            started.add("topology " + factory.name(), () -> ks.close(CLOSE_TIMEOUT));
            ks.start();
            streams.add(ks);
            names.add(factory.name());
            log.info("Started topology {} (application.id {})", factory.name(), props.get("application.id"));
        }
        return names;
    }

    /** The running Kafka Streams clients, in start order. */
    public List<KafkaStreams> streams() {
        return List.copyOf(streams);
    }

    @Override
    public void close() {
        started.close();
    }
}
