package io.inferstream.app;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Recommendations;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.EmbeddedSettings;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.model.DemoModels;
import io.inferstream.model.ModelLoadException;
import io.inferstream.model.ModelRepository;
import io.inferstream.model.ModelVersion;
import io.inferstream.model.ReferenceProfile;
import io.inferstream.model.SyntheticCtr;
import io.inferstream.ops.dashboard.PipelineStatus;
import io.inferstream.registry.RegistryClientConfig;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code inferstream demo} runs, in one process: an embedded Kafka node, the embedded Schema Registry,
 * the topic set, the pipeline's topologies pointed at them, and what they need for a show: the demo model and
 * generated requests with clicks (scoring), generated user events and a followed feed (recommendations), the alerts
 * (drift). Every component is recorded as it starts and closed in reverse order, also when start-up
 * fails half-way.
 */
public final class DemoRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    /**
     * Where the demo's servers listen, and what it started.
     *
     * @param bootstrapServers Kafka's host:port
     * @param registryUrl      the registry's base URL
     * @param dataDir          Kafka's log dir (kept between runs)
     * @param topics           topic provisioning outcome
     * @param topologies       names of the running topologies
     * @param serversReady     time from start() until the broker and the registry answered and the topics existed
     * @param startup          time from start() to ready, topologies running
     * @param config           the config with the actual endpoints, as other components should see it
     * @param httpUrl          base URL of the HTTP server (interactive queries); empty when no topology runs
     */
    public record Endpoints(String bootstrapServers, String registryUrl, Path dataDir, List<TopicProvisioner.Result> topics,
                            List<String> topologies, Duration serversReady, Duration startup, InferstreamConfig config,
                            java.util.Optional<String> httpUrl) {
    }

    /**
     * What the demo adds to the pipeline: generated traffic, and what it prints about it.
     *
     * @param requestsPerSecond generated inference requests per second; 0 for none
     * @param eventsPerSecond   generated user events per second (recommendations); 0 for none
     * @param out               where the followed feed, the alerts and the status line go; null for none
     * @param every             how often the feed printer reports
     * @param driftAfter        when the generated requests switch to the shifted regime (covariate shift the drift
     *                          topology alerts on); zero: never
     * @param terminal          whether {@code out} is a terminal: the status line is then redrawn in place
     */
    public record Traffic(int requestsPerSecond, int eventsPerSecond, PrintWriter out, Duration every, Duration driftAfter,
                          boolean terminal) {
        public static final Traffic NONE = new Traffic(0, 0, null, Duration.ofSeconds(5));

        /** The demo's default: requests drift after {@link #DRIFT_AFTER}; not a terminal. */
        public Traffic(int requestsPerSecond, int eventsPerSecond, PrintWriter out, Duration every) {
            this(requestsPerSecond, eventsPerSecond, out, every, DRIFT_AFTER, false);
        }

        /** When the demo's requests drift by default. */
        static final Duration DRIFT_AFTER = Duration.ofSeconds(60);

        /** When the demo's planted user preferences shift, so the feeds visibly adapt. */
        static final Duration PREFERENCE_SHIFT_AFTER = Duration.ofSeconds(90);

        /** The user whose feed the demo follows. */
        static final String FOLLOWED_USER = "u1";
    }

    private final InferstreamConfig config;
    private final List<TopologyFactory> topologies;
    private final Traffic traffic;
    private final StartedComponents started = new StartedComponents();
    private final DemoConsole console;
    private PipelineRunner pipeline;
    private DemoTraffic generator;
    private DemoUserEvents userEvents;
    private DemoAlertPrinter alertPrinter;
    private DemoStatusLine statusLine;
    private java.io.PrintStream standardError;

    public DemoRunner(InferstreamConfig config, List<TopologyFactory> topologies) {
        this(config, topologies, Traffic.NONE);
    }

    public DemoRunner(InferstreamConfig config, List<TopologyFactory> topologies, Traffic traffic) {
        this.config = Objects.requireNonNull(config, "config");
        this.topologies = List.copyOf(topologies);
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.console = traffic.out() == null ? null : new DemoConsole(traffic.out(), traffic.terminal());
    }

    /** Starts everything; on failure closes what did start and rethrows. */
    public Endpoints start() {
        long t0 = System.nanoTime();
        EmbeddedSettings e = config.embedded();
        PortCheck.requireFree(e.host(), e.brokerPort(), "embedded Kafka broker", "embedded.broker.port");
        PortCheck.requireFree(e.host(), e.controllerPort(), "embedded Kafka controller", "embedded.controller.port");
        PortCheck.requireFree(e.host(), e.registryPort(), "embedded Schema Registry", "embedded.registry.port");
        if (!topologies.isEmpty()) {
            PortCheck.requireFree(config.http().host(), config.http().port(), "Inferstream HTTP server", "http.port");
        }
        try {
            EmbeddedKafka kafka = started.add("embedded Kafka", EmbeddedKafka.start(new EmbeddedKafkaConfig(e.host(),
                e.brokerPort(), e.controllerPort(), e.dataDir(), 1, Duration.ofSeconds(60), Map.of())));
            String registryUrl = startRegistry(kafka);
            InferstreamConfig endpoints = config.withEndpoints(kafka.bootstrapServers(), registryUrl);
            // Streams state next to the broker's data rather than in Kafka's default /tmp/kafka-streams, which every
            // other Streams process on the machine shares (and whose task locks it would contend for).
            // A short session timeout: a restarted demo joins its groups as a new member, and the group waits for the
            // previous run's member to time out first (Kafka's default: 45 s of no processing).
            InferstreamConfig live = endpoints.withKafka(endpoints.kafka()
                .withStreamsDefault("state.dir", e.dataDir().toAbsolutePath().normalize()
                    .resolveSibling(e.dataDir().getFileName() + "-streams").toString())
                .withStreamsDefault("consumer.session.timeout.ms", "10000")
                .withStreamsDefault("consumer.heartbeat.interval.ms", "1000"));
            List<TopicProvisioner.Result> topics;
            try (Admin admin = KafkaConnection.connect(live.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
                topics = new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT)
                    .ensure(live.topics(), live.kafka().replicationFactor());
            }
            Duration serversReady = Duration.ofNanos(System.nanoTime() - t0);
            boolean scoring = topologies.stream().anyMatch(t -> t instanceof ScoringTopologyFactory);
            if (scoring) {
                ensureDemoModels(live.inference().modelRepository());
            }
            pipeline = started.add("pipeline", new PipelineRunner(live, topologies));
            List<String> running = pipeline.start();
            if (scoring) {
                startTraffic(live);
            }
            if (topologies.stream().anyMatch(t -> t.name().equals("recommend"))) {
                startUserEvents(live);
            }
            if (console != null && topologies.stream().anyMatch(t -> t.name().equals("drift"))) {
                SchemaRegistryClient registry = started.add("demo registry client (alerts)",
                    SchemaRegistryClients.create(RegistryClientConfig.fromProperties(live.registry().clientProperties())));
                alertPrinter = started.add("demo alerts", new DemoAlertPrinter(live.kafka().consumerConfig(),
                    live.topics().name(StandardTopic.MODEL_DRIFT_ALERTS), AvroSerdes.specific(DriftAlert.class, registry,
                    AvroSerdeConfig.fromProperties(live.registry().clientProperties()), false).deserializer(), console.writer()).start());
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            log.info("Demo ready in {} ms: Kafka {}, registry {}", startup.toMillis(), kafka.bootstrapServers(), registryUrl);
            return new Endpoints(kafka.bootstrapServers(), registryUrl, e.dataDir().toAbsolutePath().normalize(), topics,
                running, serversReady, startup, live, pipeline.httpUrl());
        } catch (RuntimeException | Error ex) {
            started.close();
            throw ex;
        }
    }

    /** The demo serves the demo model when the repository has none: trained here, once (about 10 s). */
    private static void ensureDemoModels(Path repository) {
        if (!new ModelRepository(repository).models().isEmpty()) {
            return;
        }
        log.info("No model in {}: training the demo model (first run only)...", repository.toAbsolutePath());
        try {
            DemoModels.build(repository, 42).forEach(r -> log.info("Built {}/{}: held-out AUC {}", r.model(), r.version(),
                String.format("%.3f", r.heldOutAuc())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo model to " + repository, e);
        } catch (ModelLoadException e) {
            throw new IllegalStateException("The demo model was built but does not load: " + e.getMessage(), e);
        }
    }

    private void startTraffic(InferstreamConfig live) {
        SchemaRegistryClient registry = started.add("demo registry client",
            SchemaRegistryClients.create(RegistryClientConfig.fromProperties(live.registry().clientProperties())));
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.fromProperties(live.registry().clientProperties());
        if (traffic.requestsPerSecond() > 0) {
            // A run id in the request ids: this run's requests must not collide with the previous run's, whose results the
            // label join restores from the kept data dir (still waiting for clicks) and closes at their old deadlines.
            generator = started.add("demo traffic", new DemoTraffic(live.kafka().producerConfig(), live.topics().name(StandardTopic.INFERENCE_REQUESTS),
                AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer(), DemoTraffic.newRunId(),
                traffic.requestsPerSecond(), 200)
                .driftAfter(traffic.driftAfter(), servedRegime(live.inference().modelRepository()))
                .clicks(new DemoClicks(live.kafka().producerConfig(), live.topics().name(StandardTopic.USER_EVENTS), AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).serializer())).start());
        }
    }

    /**
     * The regime the demo model's latest version was trained on (its reference profile says): the demo's requests
     * start there, so drift monitoring is quiet until they drift. BASELINE when it cannot tell.
     */
    static SyntheticCtr.Regime servedRegime(Path repository) {
        List<ModelVersion> versions = new ModelRepository(repository).versions(DemoModels.MODEL_NAME);
        if (versions.isEmpty()) {
            return SyntheticCtr.Regime.BASELINE;
        }
        Path profile = ReferenceProfile.file(versions.get(versions.size() - 1).path());
        try {
            return SyntheticCtr.Regime.valueOf(ReferenceProfile.read(profile).regime());
        } catch (IOException | RuntimeException e) {
            log.info("Demo traffic starts in the baseline regime ({} not readable: {})", profile, e.toString());
            return SyntheticCtr.Regime.BASELINE;
        }
    }

    private void startUserEvents(InferstreamConfig live) {
        SchemaRegistryClient registry = started.add("demo registry client (recommendations)",
            SchemaRegistryClients.create(RegistryClientConfig.fromProperties(live.registry().clientProperties())));
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.fromProperties(live.registry().clientProperties());
        if (console != null) {
            started.add("demo feeds", new DemoFeedPrinter(live.kafka().consumerConfig(),
                live.topics().name(StandardTopic.RECOMMENDATIONS),
                AvroSerdes.specific(Recommendations.class, registry, serdeConfig, false).deserializer(), Traffic.FOLLOWED_USER,
                console.writer(), traffic.every()).start());
        }
        if (traffic.eventsPerSecond() > 0) {
            userEvents = started.add("demo user events", new DemoUserEvents(live.kafka().producerConfig(),
                live.topics().name(StandardTopic.USER_EVENTS), AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).serializer(),
                traffic.eventsPerSecond(), Traffic.PREFERENCE_SHIFT_AFTER).start());
        }
    }

    /** The run id in this run's generated request ids ({@code demo-<run>-<n>}); empty when it generates none. */
    public java.util.Optional<String> trafficRunId() {
        return java.util.Optional.ofNullable(generator).map(DemoTraffic::runId);
    }

    /** The running pipeline, once started (its meters, its dashboard). */
    java.util.Optional<PipelineRunner> pipeline() {
        return java.util.Optional.ofNullable(pipeline);
    }

    /**
     * Starts the live status line (requests/s, p99, events/s, serving versions, open alerts) below what was printed
     * so far; nothing without an output or without a running pipeline.
     */
    public void startStatusLine() {
        if (console != null && statusLine == null && pipeline != null) {
            pipeline.dashboard().ifPresent(d -> {
                if (console.terminal()) {
                    // Log lines go to the same terminal: they take turns with the status line rather than share it.
                    standardError = System.err;
                    System.setErr(console.errorStream(standardError));
                }
                statusLine = started.add("demo status line", new DemoStatusLine(d.status(), console).start());
            });
        }
    }

    /** Stops the status line, leaving its last state on screen. */
    public void stopStatusLine() throws InterruptedException {
        if (statusLine != null) {
            statusLine.close();
        }
        if (standardError != null) {
            System.err.flush();
            System.setErr(standardError);
            standardError = null;
        }
    }

    /**
     * What the demo came to: requests and events generated, and from the instance's meters what the pipeline scored,
     * learned and published; empty without traffic.
     */
    public java.util.Optional<String> trafficSummary() {
        java.util.Optional<PipelineStatus> totals = pipeline == null ? java.util.Optional.empty()
            : pipeline.dashboard().map(d -> d.status().sample());
        List<String> parts = new java.util.ArrayList<>();
        if (generator != null) {
            parts.add(String.format("%,d requests sent, %,d scored, %,d dead letters", generator.sent(),
                totals.map(PipelineStatus::totalRequests).orElse(0L), totals.map(PipelineStatus::totalDeadLetters).orElse(0L)));
        }
        if (userEvents != null) {
            // The recommender learns from the demo's clicks on scored ads too (they are user events).
            long clicks = generator == null ? 0 : generator.clicksSent();
            parts.add(String.format("%,d user events sent (%,d of them clicks on scored requests), %,d learned, %,d feeds published",
                userEvents.sent() + clicks, clicks, totals.map(PipelineStatus::totalEvents).orElse(0L),
                totals.map(PipelineStatus::totalFeeds).orElse(0L)));
        }
        if (alertPrinter != null) {
            parts.add(String.format("%,d drift alert changes, %d open at the end", alertPrinter.alerts(),
                totals.map(PipelineStatus::openAlertCount).orElse(0)));
        }
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", parts));
    }

    /** The registry keeps its schemas in Kafka ({@code _schemas}), so they survive demo restarts with the broker's data. */
    private String startRegistry(EmbeddedKafka kafka) {
        EmbeddedSettings e = config.embedded();
        SchemaRegistryServer registry = started.add("embedded Schema Registry", SchemaRegistryServer.start(
            SchemaRegistryServerConfig.kafka(e.host(), e.registryPort(), kafka.bootstrapServers())));
        return registry.url();
    }

    @Override
    public void close() {
        started.close();
        if (standardError != null) {
            System.setErr(standardError);
            standardError = null;
        }
    }
}
