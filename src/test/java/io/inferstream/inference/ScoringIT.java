package io.inferstream.inference;

import io.inferstream.model.SharedModels;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.model.BatchInput;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.Column;
import io.inferstream.model.DemoModels;
import io.inferstream.model.LoadedModel;
import io.inferstream.model.ModelLoader;
import io.inferstream.model.ModelRepository;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The scoring topology on a real broker, real registry and real SavedModels. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScoringIT {

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private SchemaRegistryServer registry;
    private Path demoModels;
    private final AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("http://unused");

    @BeforeAll
    void startBrokerAndBuildDemoModels() throws Exception {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
        registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
        demoModels = dir.resolve("demo-models");
        DemoModels.build(demoModels, 42);
    }

    @AfterAll
    void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void shouldScoreBitForBitLikeADirectTensorFlowCall() throws Exception {
        Path repo = dir.resolve("parity-repo");
        ScoringCrashIT.copyTree(SharedModels.halfPlusTwoTf1(), repo.resolve("hp1").resolve("123"));
        ScoringCrashIT.copyTree(SharedModels.halfPlusTwoTf2(), repo.resolve("hp2").resolve("123"));
        ScoringCrashIT.copyTree(demoModels.resolve("ctr").resolve("1"), repo.resolve("ctr").resolve("1"));
        String prefix = "parity-";
        ScoringHarness.createTopics(kafka.bootstrapServers(), 2);

        List<ProducerRecord<String, InferenceRequest>> requests = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            float x = random.nextFloat() * 100 - 50;
            String model = i % 2 == 0 ? "hp1" : "hp2";
            requests.add(record(prefix + i, Requests.request(prefix + i, model, null, Map.of("x", Requests.floats(List.of(1L), x)))));
        }
        // The demo MLP's last bits depend on the batch (TensorFlow picks other kernels for other
        // sizes), so its parity is checked on one 200-row request: exactly one model call.
        int ctrRows = 200;
        float[] features = new float[ctrRows * 4];
        long[] categories = new long[ctrRows];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < ctrRows; i++) {
            categories[i] = random.nextInt(8);
        }
        requests.add(record(prefix + "ctr", Requests.request(prefix + "ctr", "ctr", null, Map.of(
            "features", Requests.floats(List.of((long) ctrRows, 4L), box(features)),
            "category", Requests.longs(List.of((long) ctrRows), box(categories))))));

        try (ModelManager models = manager(repo)) {
            models.start(Duration.ofSeconds(60));
            KafkaStreams streams = ScoringHarness.start(kafka.bootstrapServers(), registry.url(), dir.resolve("state-parity"),
                "exactly_once_v2", models, new BatchingSettings(64, Duration.ofMillis(5)));
            try {
                produce(requests);
                Map<String, InferenceResult> results = readResults(prefix, requests.size());

                try (LoadedModel hp1 = new ModelLoader().load("hp1", 123, repo.resolve("hp1/123"));
                     LoadedModel hp2 = new ModelLoader().load("hp2", 123, repo.resolve("hp2/123"));
                     LoadedModel ctr = new ModelLoader().load("ctr", 1, repo.resolve("ctr/1"))) {
                    for (int i = 0; i < 300; i++) {
                        InferenceRequest r = requests.get(i).value();
                        LoadedModel direct = r.getModel().equals("hp1") ? hp1 : hp2;
                        float x = r.getFeatures().get("x").getFloatValues().get(0);
                        long[] rowShape = direct.signature().input("x").rowShape();
                        float expected = direct.score(BatchInput.builder(1).column("x", Column.floats(new float[] {x}, rowShape)).build())
                            .column("y").floats()[0];
                        InferenceResult got = results.get(prefix + i);
                        assertThat(got.getModel()).isEqualTo(r.getModel());
                        assertThat(Float.floatToIntBits(got.getOutputs().get("y").getFloatValues().get(0)))
                            .as("request %d, x=%s", i, x).isEqualTo(Float.floatToIntBits(expected));
                    }
                    BatchOutput direct = ctr.score(BatchInput.builder(ctrRows).column("features", Column.floats(features, 4))
                        .column("category", Column.longs(categories)).build());
                    List<Float> got = results.get(prefix + "ctr").getOutputs().get("probability").getFloatValues();
                    float[] expected = direct.column("probability").floats();
                    assertThat(got).hasSize(ctrRows);
                    for (int i = 0; i < ctrRows; i++) {
                        assertThat(Float.floatToIntBits(got.get(i))).as("ctr row %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
                    }
                }
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void shouldSwitchToANewVersionUnderLoadAndRefuseACorruptOne() throws Exception {
        Path repo = dir.resolve("reload-repo");
        ScoringCrashIT.copyTree(demoModels.resolve("ctr").resolve("1"), repo.resolve("ctr").resolve("1"));
        String prefix = "reload-";
        ScoringHarness.createTopics(kafka.bootstrapServers(), 2);
        List<ModelEvent> events = new CopyOnWriteArrayList<>();
        int total = 3000;
        try (ModelManager models = new ModelManager(new ModelRepository(repo), new ModelLoader()::load, Map.of(), events::add, "it",
            Clock.systemUTC())) {
            models.start(Duration.ofMillis(200));
            KafkaStreams streams = ScoringHarness.start(kafka.bootstrapServers(), registry.url(), dir.resolve("state-reload"),
                "exactly_once_v2", models, new BatchingSettings(64, Duration.ofMillis(5)));
            try {
                Thread traffic = new Thread(() -> {
                    Random random = new Random(3);
                    List<ProducerRecord<String, InferenceRequest>> batch = new ArrayList<>();
                    for (int i = 0; i < total; i++) {
                        batch.add(record(prefix + i, ctrRequest(prefix + i, random)));
                        if (batch.size() == 100) {
                            produce(batch);
                            batch.clear();
                            sleep(100);
                        }
                    }
                    produce(batch);
                });
                ScoringHarness.awaitRunning(streams, Duration.ofSeconds(60));
                traffic.start();
                // Some requests answered by version 1 first.
                assertThat(readResults(prefix, 300, false).values()).allMatch(r -> r.getModelVersion() == 1L);
                // Publish version 2 as TensorFlow Serving expects: written elsewhere, renamed into place.
                Path staging = repo.resolve("ctr").resolve(".staging-2");
                ScoringCrashIT.copyTree(demoModels.resolve("ctr").resolve("2"), staging);
                Files.move(staging, repo.resolve("ctr").resolve("2"), StandardCopyOption.ATOMIC_MOVE);
                sleep(1000);
                Path corrupt = Files.createDirectories(repo.resolve("ctr").resolve("3"));
                Files.write(corrupt.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
                traffic.join();

                Map<String, InferenceResult> results = readResults(prefix, total);
                assertThat(results).hasSize(total);
                assertThat(results.values()).extracting(InferenceResult::getModelVersion).contains(1L, 2L).doesNotContain(3L);
                assertThat(results.get(prefix + (total - 1)).getModelVersion()).isEqualTo(2L);
                assertThat(deadLetters(prefix)).isEmpty();
                assertThat(models.snapshot().get("ctr").stable()).isEqualTo(2);
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo(ModelEventType.LOAD_FAILED);
                    assertThat(e.getVersion()).isEqualTo(3L);
                });
            } finally {
                streams.close(Duration.ofSeconds(30));
            }
        }
    }

    private ModelManager manager(Path repo) {
        return new ModelManager(new ModelRepository(repo), new ModelLoader()::load, Map.of(), e -> { }, "it", Clock.systemUTC());
    }

    private static InferenceRequest ctrRequest(String id, Random random) {
        Float[] f = new Float[4];
        for (int i = 0; i < 4; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return Requests.request(id, "ctr", null, Map.of("features", Requests.floats(List.of(4L), f),
            "category", Requests.longs(List.of(), (long) random.nextInt(8))));
    }

    private static ProducerRecord<String, InferenceRequest> record(String key, InferenceRequest r) {
        return new ProducerRecord<>(ScoringHarness.REQUESTS, key, r);
    }

    private void produce(List<ProducerRecord<String, InferenceRequest>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(p, new StringSerializer(),
            AvroSerdes.specific(InferenceRequest.class, SchemaRegistryClients.create(registry.url()), serdeConfig, false).serializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private Map<String, InferenceResult> readResults(String prefix, int expected) {
        return readResults(prefix, expected, true);
    }

    private Map<String, InferenceResult> readResults(String prefix, int expected, boolean exactly) {
        Deserializer<InferenceResult> d =
            AvroSerdes.specific(InferenceResult.class, SchemaRegistryClients.create(registry.url()), serdeConfig, false).deserializer();
        Map<String, InferenceResult> results = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, InferenceResult> c = new KafkaConsumer<>(readerProps(), new StringDeserializer(), d)) {
            c.subscribe(Set.of(ScoringHarness.RESULTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (results.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, InferenceResult> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value().getRequestId().startsWith(prefix)) {
                        results.put(r.value().getRequestId(), r.value());
                        counts.merge(r.value().getRequestId(), 1, Integer::sum);
                    }
                }
            }
        }
        if (exactly) {
            assertThat(results).as("results for %s", prefix).hasSize(expected);
        }
        assertThat(counts.values()).allMatch(n -> n == 1);
        return results;
    }

    private List<DeadLetter> deadLetters(String prefix) {
        Deserializer<DeadLetter> d =
            AvroSerdes.specific(DeadLetter.class, SchemaRegistryClients.create(registry.url()), serdeConfig, false).deserializer();
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> c = new KafkaConsumer<>(readerProps(), new StringDeserializer(), d)) {
            c.subscribe(Set.of(ScoringHarness.DEAD_LETTERS));
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < end) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }

    private Properties readerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "scoring-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    private static Float[] box(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static Long[] box(long[] v) {
        Long[] out = new Long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
