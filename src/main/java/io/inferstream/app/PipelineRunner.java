package io.inferstream.app;

import io.inferstream.config.InferstreamConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import io.inferstream.ops.HealthEndpoints;
import io.inferstream.ops.MetricsEndpoint;
import io.inferstream.ops.OpsHttpServer;
import io.inferstream.ops.StreamsReadiness;
import io.inferstream.ops.dashboard.Dashboard;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
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

    private InferstreamConfig config;
    private final List<TopologyFactory> factories;
    private final StartedComponents started = new StartedComponents();
    private final List<KafkaStreams> streams = new ArrayList<>();
    private final Consumer<String> onFailure;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile String httpUrl;
    private volatile Dashboard dashboard;
    /** One registry per instance: every topology's meters and Kafka Streams' own, scraped at /metrics. */
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final java.util.Set<String> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** /health/ready's checks: the pipeline started, each topology's client running and its own condition. */
    private final HealthEndpoints health = new HealthEndpoints();
    private volatile boolean startedAll;

    /**
     * @param onFailure called (once, with a reason) when a topology's Kafka Streams client fails for good (state
     *                  ERROR, or stopped after an uncaught exception), so the caller can stop the process instead of
     *                  idling with a dead pipeline
     */
    public PipelineRunner(InferstreamConfig config, List<TopologyFactory> factories, Consumer<String> onFailure) {
        this.config = config;
        this.factories = List.copyOf(factories);
        this.onFailure = onFailure;
    }

    public PipelineRunner(InferstreamConfig config, List<TopologyFactory> factories) {
        this(config, factories, reason -> { });
    }

    /** Why a topology failed, if one did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Builds and starts every topology; returns their names (empty, and says so in the log, when there are none). */
    public List<String> start() {
        if (factories.isEmpty()) {
            log.info(Topologies.NONE_YET);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        // The HTTP server binds first: with http.port=0 the port other instances must be told is known only now.
        OpsHttpServer http = started.add("HTTP server", OpsHttpServer.start(config.http()));
        config = config.withHttp(config.http().withPort(http.port()));
        httpUrl = http.url();
        log.info("HTTP server on {}", httpUrl);
        // Probes and metrics answer from now on; not ready until every topology has started (and is RUNNING).
        new MetricsEndpoint(meters).register(http);
        health.add("pipeline", () -> startedAll ? Optional.empty() : Optional.of("starting the topologies"));
        health.register(http);
        dashboard = started.add("dashboard", Dashboard.start(http, config, meters));
        Optional<String> applicationServer = applicationServer();
        for (TopologyFactory factory : factories) {
            TopologyFactory.Started built = factory.start(config, meters);
            started.add("collaborators of " + factory.name(), built.resources());
            StreamsReadiness running = new StreamsReadiness();
            health.add("streams:" + factory.name(), running);
            health.add("topology:" + factory.name(), built.readiness());
            Topology topology = built.topology();
            Properties props = new Properties();
            props.putAll(factory.streamsDefaults(config));
            props.putAll(config.kafka().streamsConfig(factory.name()));
            applicationServer.ifPresent(server -> props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
            KafkaStreams ks = new KafkaStreams(topology, props);
            ks.setUncaughtExceptionHandler(e -> {
                log.error("Topology {} failed; stopping its Kafka Streams client: {}", factory.name(), e.toString(), e);
                failed.add(factory.name());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            ks.setStateListener((now, before) -> {
                log.info("Topology {}: {} -> {}", factory.name(), before, now);
                running.onChange(now);
                if (now == KafkaStreams.State.ERROR || (now == KafkaStreams.State.PENDING_SHUTDOWN && failureSeen(factory))) {
                    fail("topology " + factory.name() + " stopped (state " + now + "); see the log for the cause");
                }
            });
            // Leave the group on close (unless static membership is configured): otherwise a restarted instance,
            // which joins as a new member, waits a whole session timeout (45 s) for its old self to expire.
            boolean leaveGroup = !props.containsKey(StreamsConfig.consumerPrefix("group.instance.id"))
                && !props.containsKey("group.instance.id");
            started.add("topology " + factory.name(),
                () -> ks.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(leaveGroup)));
            applicationServer.ifPresent(server -> built.routes().register(http, ks, HostInfo.buildFromEndpoint(server)));
            // Kafka Streams' own metrics (kafka_stream_*), tagged with the topology; unbound before the client closes.
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(ks, Tags.of("topology", factory.name()));
            streamsMetrics.bindTo(meters);
            started.add("Kafka Streams metrics of " + factory.name(), streamsMetrics);
            ks.start();
            streams.add(ks);
            names.add(factory.name());
            log.info("Started topology {} (application.id {})", factory.name(), props.get("application.id"));
        }
        startedAll = true;
        return names;
    }

    /**
     * Where other instances reach this one's HTTP server, for Kafka Streams' metadata: interactive queries for a key
     * another instance owns are forwarded to the address the owner advertised. A {@code streams.application.server}
     * key wins. Unknown while {@code http.port} is 0 and the server has not bound yet: the caller that binds it passes
     * {@code config.withHttp(config.http().withPort(boundPort))}.
     */
    private Optional<String> applicationServer() {
        if (config.http().port() == 0) {
            log.info("http.port is 0 and no bound port was given: instances cannot forward interactive queries here");
            return Optional.empty();
        }
        return Optional.of(config.http().applicationServer());
    }

    private boolean failureSeen(TopologyFactory factory) {
        return failed.contains(factory.name());
    }

    private void fail(String reason) {
        if (failure.compareAndSet(null, reason)) {
            log.error("Pipeline failure: {}", reason);
            onFailure.accept(reason);
        }
    }

    /** Base URL of this instance's HTTP server (interactive queries), once started. */
    public Optional<String> httpUrl() {
        return Optional.ofNullable(httpUrl);
    }

    /** The instance's web dashboard (served at {@code /}), once started. */
    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(dashboard);
    }

    /** The instance's meter registry (Prometheus format), shared by every topology. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Readiness as {@code /health/ready} answers it (every topology RUNNING, models loaded). */
    public HealthEndpoints.Report readiness() {
        return health.readiness();
    }

    /** The running Kafka Streams clients, in start order. */
    public List<KafkaStreams> streams() {
        return List.copyOf(streams);
    }

    @Override
    public void close() {
        started.close();
        meters.close();
    }
}
