package io.inferstream.inference;

import io.inferstream.model.SharedModels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.inferstream.app.CliContext;
import io.inferstream.app.Main;
import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import io.inferstream.serde.Topic;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Operator commands from the {@code inferstream models} CLI reach every application instance through the
 * model-control topic: two instances (each a ModelManager with its own publisher and control listener, as two app
 * processes have) on a real broker, a real registry and real SavedModels converge to the same serving state, a
 * late instance catches up at start, and a command for a missing version is rejected by each of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelControlIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private SchemaRegistryServer registry;
    private Path repo;

    /** How one instance serves model "hp", from its snapshot. */
    private record State(long stable, OptionalLong canary, double share, OptionalLong shadow) {
        static State of(ServedModel m) {
            return m == null ? null : new State(m.stable(), m.canary(), m.canaryShare(), m.shadow());
        }
    }

    /** One application instance's model side: manager, report publisher, control listener. */
    private final class Instance implements AutoCloseable {
        final ModelManager manager;
        final ModelEventPublisher publisher;
        final ModelControlListener listener;

        Instance(String name, String topic) {
            publisher = new ModelEventPublisher(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new Topic<>(topic, Serdes.String(), modelEventSerde()));
            manager = new ModelManager(new ModelRepository(repo), new ModelLoader()::load, Map.of(), publisher, name,
                Clock.systemUTC());
            manager.start(Duration.ofMinutes(5));
            listener = new ModelControlListener(Map.of("bootstrap.servers", kafka.bootstrapServers()), topic,
                modelEventSerde().deserializer(), manager);
            listener.start(Duration.ofSeconds(30));
        }

        State state() {
            return State.of(manager.snapshot().get("hp"));
        }

        @Override
        public void close() {
            listener.close();
            manager.close();
            publisher.close();
        }
    }

    @BeforeAll
    void startBrokerAndRegistryAndBuildRepository() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
        repo = dir.resolve("models");
        // The same graph as versions 1 and 2: what matters here is which version serves, not what it computes.
        ScoringCrashIT.copyTree(SharedModels.halfPlusTwoTf1(), repo.resolve("hp").resolve("1"));
        ScoringCrashIT.copyTree(SharedModels.halfPlusTwoTf1(), repo.resolve("hp").resolve("2"));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldBringEveryInstanceToTheSameStateAndCatchUpALateOne() throws Exception {
        String topic = createTopic("model-control-converge");
        try (Instance a = new Instance("instance-a", topic); Instance b = new Instance("instance-b", topic)) {
            // Before any command: the version policy's default, the latest version.
            awaitState(new State(2, OptionalLong.empty(), 0, OptionalLong.empty()), a, b);

            cli(topic, "pin", "hp", "1", "--reason", "v2 under investigation");
            awaitState(new State(1, OptionalLong.empty(), 0, OptionalLong.empty()), a, b);

            cli(topic, "canary", "hp", "2", "--share", "0.2");
            awaitState(new State(1, OptionalLong.of(2), 0.2, OptionalLong.empty()), a, b);

            cli(topic, "promote", "hp");
            awaitState(new State(2, OptionalLong.empty(), 0, OptionalLong.empty()), a, b);

            cli(topic, "rollback", "hp");
            awaitState(new State(1, OptionalLong.empty(), 0, OptionalLong.empty()), a, b);

            cli(topic, "shadow", "hp", "2");
            cli(topic, "canary", "hp", "2", "--share", "0.5");
            State last = new State(1, OptionalLong.of(2), 0.5, OptionalLong.of(2));
            awaitState(last, a, b);

            // A third instance started now replays the topic before start() returns: no waiting needed.
            try (Instance late = new Instance("instance-late", topic)) {
                assertThat(late.state()).isEqualTo(last);
            }

            cli(topic, "canary", "hp", "--clear");
            cli(topic, "shadow", "hp", "--clear");
            awaitState(new State(1, OptionalLong.empty(), 0, OptionalLong.empty()), a, b);
        }
    }

    @Test
    void shouldRejectACommandForAMissingVersionOnEveryInstanceAndShowItInStatus() throws Exception {
        String topic = createTopic("model-control-reject");
        try (Instance a = new Instance("instance-a", topic); Instance b = new Instance("instance-b", topic)) {
            State before = new State(2, OptionalLong.empty(), 0, OptionalLong.empty());
            awaitState(before, a, b);

            String sent = cli(topic, "pin", "hp", "7");
            assertThat(sent).contains("Sent PIN hp version 7: operator to " + topic);

            List<ModelEvent> rejections = awaitEvents(topic, e -> e.getType() == ModelEventType.COMMAND_REJECTED
                && Long.valueOf(7).equals(e.getVersion()), 2);
            assertThat(rejections).extracting(ModelEvent::getInstance).containsExactlyInAnyOrder("instance-a", "instance-b");
            assertThat(rejections).allSatisfy(e -> assertThat(e.getReason()).contains("PIN refused: version 7 of model 'hp' is not in"));
            assertThat(a.state()).isEqualTo(before);
            assertThat(b.state()).isEqualTo(before);

            String status = cli(topic, "status", "hp");
            assertThat(status)
                .contains("PIN hp version 7: operator")
                .containsPattern("2\\s+instance-a\\s+DEPLOYED\\s+\\S+\\s+loaded from ")
                .containsPattern("2\\s+instance-b\\s+DEPLOYED")
                .containsPattern("7\\s+instance-a\\s+COMMAND_REJECTED\\s+\\S+\\s+PIN refused: version 7")
                .containsPattern("7\\s+instance-b\\s+COMMAND_REJECTED")
                .contains("instances:");
            assertThat(cli(topic, "status", "nope")).contains("No commands or reports for model 'nope'.");

            // --follow prints what arrives after the summary, and stops after --timeout without anything new.
            StringWriter following = new StringWriter();
            CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(
                () -> commandLine(following, new StringWriter()).execute(args(topic, "status", "hp", "--follow", "--timeout", "10s")));
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            while (!following.toString().contains("Following") && !follow.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(following.toString()).contains("Following");
            cli(topic, "shadow", "hp", "1");
            assertThat(follow.get(CONVERGE.toSeconds(), TimeUnit.SECONDS)).isZero();
            String followed = following.toString().substring(following.toString().indexOf("Following"));
            assertThat(followed).contains("SET_SHADOW hp version 1: operator")
                .contains("DEPLOYED hp version 1 from instance-a: shadow")
                .contains("DEPLOYED hp version 1 from instance-b: shadow");
        }
    }

    /** Runs {@code inferstream models ARGS} in-process against the embedded broker and registry; returns stdout. */
    private String cli(String topic, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine(out, err).execute(args(topic, args));
        assertThat(code).as("models %s: %s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    private String[] args(String topic, String... args) {
        List<String> line = new ArrayList<>(List.of("models"));
        line.addAll(Arrays.asList(args));
        line.addAll(List.of("--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "--set", "registry.url=" + registry.url(),
            "--set", "topics.model-control.name=" + topic));
        return line.toArray(String[]::new);
    }

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = Main.commandLine(new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), List::of));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    private static void awaitState(State expected, Instance... instances) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Arrays.stream(instances).allMatch(i -> expected.equals(i.state()))) {
                return;
            }
            Thread.sleep(50);
        }
        fail("instances did not reach %s within %s: %s", expected, CONVERGE,
            Arrays.stream(instances).map(Instance::state).toList());
    }

    /** Reads the topic from the beginning until {@code count} events match. */
    private List<ModelEvent> awaitEvents(String topic, Predicate<ModelEvent> match, int count) {
        Deserializer<ModelEvent> d = modelEventSerde().deserializer();
        List<ModelEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, ModelEvent> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringDeserializer(), d)) {
            TopicPartition p = new TopicPartition(topic, 0);
            c.assign(List.of(p));
            c.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + CONVERGE.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ModelEvent> r : c.poll(Duration.ofMillis(200))) {
                    if (match.test(r.value())) {
                        out.add(r.value());
                    }
                }
            }
        }
        assertThat(out).as("matching events on %s", topic).hasSize(count);
        return out;
    }

    private io.inferstream.serde.AvroSerde<ModelEvent> modelEventSerde() {
        return AvroSerdes.specific(ModelEvent.class, SchemaRegistryClients.create(registry.url()), AvroSerdeConfig.of(registry.url()), false);
    }

    private String createTopic(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }
}
