package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} and {@link PipelineRunner} against an "external" Kafka and registry (embedded here). */
class RunCommandIT {

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.kafka("127.0.0.1", 0, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static List<String> overrides(String... more) {
        List<String> args = new ArrayList<>(List.of("--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "registry.url=" + registry.url(), "--set", "kafka.replication.factor=1", "--set", "http.port=0"));
        args.addAll(List.of(more));
        return args;
    }

    private static String[] runArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--config", "config/production.properties"));
        args.addAll(overrides(more));
        return args.toArray(String[]::new);
    }

    /** Copies inference-requests to inference-results, upper-cased; "boom" makes it throw. */
    private static TopologyFactory upperCase(String name) {
        return new TopologyFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "upper-cases requests";
            }

            @Override
            public Topology build(InferstreamConfig config) {
                StreamsBuilder b = new StreamsBuilder();
                b.stream(config.topics().name(StandardTopic.INFERENCE_REQUESTS), Consumed.with(Serdes.String(), Serdes.String()))
                    .mapValues(v -> {
                        if (v.equals("boom")) {
                            throw new IllegalStateException("boom");
                        }
                        return v.toUpperCase(java.util.Locale.ROOT);
                    })
                    .to(config.topics().name(StandardTopic.INFERENCE_RESULTS), Produced.with(Serdes.String(), Serdes.String()));
                return b.build();
            }
        };
    }

    private static void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void shouldCreateTopicsCheckTheRegistryAndSayThereIsNothingToRunYet() {
        CliRun r = CliRun.run(runArgs());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("15 topics:").contains("No topologies are registered yet").contains("Nothing to run; exiting.");
        CliRun again = CliRun.run(runArgs());
        assertThat(again.out()).contains("15 topics: 0 created, 15 already existed");
    }

    @Test
    void shouldFailClearlyWhenTheRegistryDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        CliRun r = CliRun.run(runArgs("--set", "registry.url=http://127.0.0.1:" + closedPort,
            "--set", "registry.client.max.retries=0"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).startsWith("error: Schema Registry at http://127.0.0.1:" + closedPort + " did not answer GET /subjects")
            .doesNotContain("\tat ");
    }

    @Test
    void shouldRunRegisteredTopologiesWithExactlyOnce() throws Exception {
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "registry.url=" + registry.url(),
            "kafka.application.id=run-it", "topics.inference-requests.name=upper-in", "topics.inference-results.name=upper-out",
            "streams.commit.interval.ms=100", "http.port=0"));
        CliRun topics = CliRun.run(new String[] {"topics", "--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
            "--set", "topics.inference-requests.name=upper-in", "--set", "topics.inference-results.name=upper-out"});
        assertThat(topics.exitCode()).as(topics.err()).isZero();
        try (PipelineRunner pipeline = new PipelineRunner(config, List.of(upperCase("upper")))) {
            assertThat(pipeline.start()).containsExactly("upper");
            KafkaStreams ks = pipeline.streams().get(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (ks.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ks.state()).isEqualTo(KafkaStreams.State.RUNNING);
            send("upper-in", "k1", "hello");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "run-it-check", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("upper-out"));
                List<ConsumerRecord<String, String>> got = new ArrayList<>();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (got.isEmpty() && System.nanoTime() < until) {
                    c.poll(Duration.ofMillis(200)).forEach(got::add);
                }
                assertThat(got).extracting(ConsumerRecord::value).containsExactly("HELLO");
            }
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    @Test
    void shouldStopRunWithAnErrorWhenATopologyDies() throws Exception {
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run(Map.of(), "", List.of(upperCase("doomed")),
            runArgs("--duration", "3m", "--set", "kafka.application.id=run-it-doomed",
                "--set", "topics.inference-requests.name=doomed-in", "--set", "topics.inference-results.name=doomed-out")));
        // Once the topics exist the record is there for the topology whenever it starts.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean sent = false;
        while (!sent && System.nanoTime() < deadline) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                if (admin.listTopics().names().get().contains("doomed-in")) {
                    send("doomed-in", "k", "boom");
                    sent = true;
                }
            }
            Thread.sleep(200);
        }
        assertThat(sent).isTrue();
        CliRun r = run.get(150, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("error: The pipeline stopped: topology doomed stopped (state ERROR)");
    }
}
