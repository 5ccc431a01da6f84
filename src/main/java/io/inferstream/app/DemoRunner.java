package io.inferstream.app;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
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
 * the topic set, and the pipeline's topologies pointed at them. Later issues add models and generated traffic here
 * as further components. Every component is recorded as it starts and closed in reverse order, also when start-up
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
     * What the demo adds to the pipeline: generated traffic, and a results summary.
     *
     * @param requestsPerSecond generated inference requests per second; 0 for none
     * @param eventsPerSecond   generated user events per second (recommendations); 0 for none
     * @param out               where the results summary goes; null for none
     * @param every             how often the summary is printed
     * @param driftAfter        when the generated requests switch to the shifted regime (covariate shift the drift
     *                          topology alerts on); zero: never
     */
    public record Traffic(int requestsPerSecond, int eventsPerSecond, PrintWriter out, Duration every, Duration driftAfter) {
        public static final Traffic NONE = new Traffic(0, 0, null, Duration.ofSeconds(5));

        /** The demo's default: requests drift after {@link #DRIFT_AFTER}. */
        public Traffic(int requestsPerSecond, int eventsPerSecond, PrintWriter out, Duration every) {
            this(requestsPerSecond, eventsPerSecond, out, every, DRIFT_AFTER);
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
    private DemoTraffic generator;
    private DemoResultsPrinter printer;
    private DemoUserEvents userEvents;
    private DemoFeedPrinter feedPrinter;
    private DemoAlertPrinter alertPrinter;

    public DemoRunner(InferstreamConfig config, List<TopologyFactory> topologies) {
        this(config, topologies, Traffic.NONE);
    }

    public DemoRunner(InferstreamConfig config, List<TopologyFactory> topologies, Traffic traffic) {
        this.config = Objects.requireNonNull(config, "config");
        this.topologies = List.copyOf(topologies);
        this.traffic = Objects.requireNonNull(traffic, "traffic");
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
            PipelineRunner pipeline = started.add("pipeline", new PipelineRunner(live, topologies));
            List<String> running = pipeline.start();
            if (scoring) {
                startTraffic(live);
            }
            if (topologies.stream().anyMatch(t -> t.name().equals("recommend"))) {
                startUserEvents(live);
            }
            if (traffic.out() != null && topologies.stream().anyMatch(t -> t.name().equals("drift"))) {
                SchemaRegistryClient registry = started.add("demo registry client (alerts)",
                    SchemaRegistryClients.create(RegistryClientConfig.fromProperties(live.registry().clientProperties())));
                alertPrinter = started.add("demo alerts", new DemoAlertPrinter(live.kafka().consumerConfig(),
                    live.topics().name(StandardTopic.MODEL_DRIFT_ALERTS), AvroSerdes.specific(DriftAlert.class, registry,
                    AvroSerdeConfig.fromProperties(live.registry().clientProperties()), false).deserializer(), traffic.out()).start());
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
        if (traffic.out() != null) {
            printer = started.add("demo results", new DemoResultsPrinter(live.kafka().consumerConfig(),
                live.topics().name(StandardTopic.INFERENCE_RESULTS), live.topics().name(StandardTopic.DEAD_LETTERS),
                AvroSerdes.specific(InferenceResult.class, registry, serdeConfig, false).deserializer(),
                AvroSerdes.specific(DeadLetter.class, registry, serdeConfig, false).deserializer(), traffic.out(), traffic.every()).start());
        }
        if (traffic.requestsPerSecond() > 0) {
            generator = started.add("demo traffic", new DemoTraffic(live.kafka().producerConfig(), live.topics().name(StandardTopic.INFERENCE_REQUESTS),
                AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer(), traffic.requestsPerSecond(), 200)
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
        if (traffic.out() != null) {
            feedPrinter = started.add("demo feeds", new DemoFeedPrinter(live.kafka().consumerConfig(),
                live.topics().name(StandardTopic.RECOMMENDATIONS),
                AvroSerdes.specific(Recommendations.class, registry, serdeConfig, false).deserializer(), Traffic.FOLLOWED_USER,
                traffic.out(), traffic.every()).start());
        }
        if (traffic.eventsPerSecond() > 0) {
            userEvents = started.add("demo user events", new DemoUserEvents(live.kafka().producerConfig(),
                live.topics().name(StandardTopic.USER_EVENTS), AvroSerdes.specific(UserEvent.class, registry, serdeConfig, false).serializer(),
                traffic.eventsPerSecond(), Traffic.PREFERENCE_SHIFT_AFTER).start());
        }
    }

    /** What the generated traffic came to so far: requests sent, results and dead letters seen; empty without traffic. */
    public java.util.Optional<String> trafficSummary() {
        List<String> parts = new java.util.ArrayList<>();
        if (generator != null) {
            parts.add(String.format("%,d requests sent, %,d results and %,d dead letters read", generator.sent(),
                printer == null ? 0 : printer.scored(), printer == null ? 0 : printer.deadLettered()));
        }
        if (userEvents != null) {
            parts.add(String.format("%,d user events sent, %,d recommendation feeds read", userEvents.sent(),
                feedPrinter == null ? 0 : feedPrinter.feeds()));
        }
        if (alertPrinter != null) {
            parts.add(String.format("%,d drift alert changes read", alertPrinter.alerts()));
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
    }
}
