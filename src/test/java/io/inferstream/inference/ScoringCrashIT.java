package io.inferstream.inference;

import io.inferstream.model.SharedModels;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.InferenceResult;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once proof: a scoring instance in another JVM is killed with SIGKILL in the middle of
 * a stream, another instance takes over, and under read_committed every request has exactly one
 * result, with the right value. Under at_least_once nothing may be lost, but a crash may repeat
 * results: Kafka's at-least-once semantics.
 */
class ScoringCrashIT {

    private static final Logger log = LoggerFactory.getLogger(ScoringCrashIT.class);

    private static final int REQUESTS = 30_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exactly_once_v2", "at_least_once"})
    void shouldAnswerEveryRequestWhenAnInstanceIsKilledMidStream(String guarantee) throws Exception {
        Path repo = dir.resolve("models");
        copyTree(SharedModels.halfPlusTwoTf1(), repo.resolve("half_plus_two").resolve("1"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
             SchemaRegistryServer registry = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral())) {
            String bootstrap = kafka.bootstrapServers();
            ScoringHarness.createTopics(bootstrap, 4);
            AvroSerdeConfig serdeConfig = AvroSerdeConfig.of(registry.url());
            AvroSerde<InferenceRequest> requestSerde =
                AvroSerdes.specific(InferenceRequest.class, SchemaRegistryClients.create(registry.url()), serdeConfig, false);
            AvroSerde<InferenceResult> resultSerde =
                AvroSerdes.specific(InferenceResult.class, SchemaRegistryClients.create(registry.url()), serdeConfig, false);

            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(bootstrap, requestSerde, producing), "request-producer");
            producer.start();

            Map<String, Integer> answers = new HashMap<>();
            Map<String, Float> values = new HashMap<>();
            try (KafkaConsumer<String, InferenceResult> results = committedReader(bootstrap, resultSerde)) {
                Process first = startWorker(bootstrap, registry.url(), repo, dir.resolve("state-a"), guarantee);
                try {
                    readUntil(results, answers, values, 5_000, Duration.ofSeconds(90));
                } finally {
                    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                int atCrash = answers.size();
                Process second = startWorker(bootstrap, registry.url(), repo, dir.resolve("state-b"), guarantee);
                try {
                    readUntil(results, answers, values, REQUESTS, Duration.ofSeconds(150));
                    // Linger: a duplicate would show up now.
                    readFor(results, answers, values, Duration.ofSeconds(3));
                } finally {
                    second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    producing.set(false);
                    producer.join();
                }
                assertThat(atCrash).isLessThan(REQUESTS);
            }
            assertThat(answers).hasSize(REQUESTS);
            long repeated = answers.values().stream().filter(n -> n > 1).count();
            log.info("{}: {} requests, {} answered more than once after the crash", guarantee, REQUESTS, repeated);
            if (guarantee.equals("exactly_once_v2")) {
                assertThat(answers.values()).allMatch(n -> n == 1);
            }
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(values.get("r" + i)).isEqualTo(0.5f * i + 2f);
            }
        }
    }

    private static void produce(String bootstrap, AvroSerde<InferenceRequest> serde, AtomicBoolean producing) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(p, new StringSerializer(), serde.serializer())) {
            for (int i = 0; i < REQUESTS && producing.get(); i++) {
                producer.send(new ProducerRecord<>(ScoringHarness.REQUESTS, "key-" + (i % 97), Requests.x("r" + i, i)));
                if (i % 1000 == 999) {
                    // Spread the stream over a few seconds so the crash lands in the middle of it.
                    Thread.sleep(100);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaConsumer<String, InferenceResult> committedReader(String bootstrap, AvroSerde<InferenceResult> serde) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-it-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, InferenceResult> c = new KafkaConsumer<>(p, new StringDeserializer(), serde.deserializer());
        c.subscribe(Set.of(ScoringHarness.RESULTS));
        return c;
    }

    private static void readUntil(KafkaConsumer<String, InferenceResult> c, Map<String, Integer> answers, Map<String, Float> values,
                                  int target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers.size() < target) {
            assertThat(System.nanoTime()).as("results after %s: %d of %d", timeout, answers.size(), target).isLessThan(deadline);
            poll(c, answers, values);
        }
    }

    private static void readFor(KafkaConsumer<String, InferenceResult> c, Map<String, Integer> answers, Map<String, Float> values,
                                Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            poll(c, answers, values);
        }
    }

    private static void poll(KafkaConsumer<String, InferenceResult> c, Map<String, Integer> answers, Map<String, Float> values) {
        for (ConsumerRecord<String, InferenceResult> r : c.poll(Duration.ofMillis(200))) {
            answers.merge(r.value().getRequestId(), 1, Integer::sum);
            values.put(r.value().getRequestId(), r.value().getOutputs().get("y").getFloatValues().get(0));
        }
    }

    private static Process startWorker(String bootstrap, String registryUrl, Path repo, Path stateDir, String guarantee)
        throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), ScoringWorker.class.getName(),
            bootstrap, registryUrl, repo.toString(), stateDir.toString(), guarantee)
            .redirectError(stateDir.resolveSibling(stateDir.getFileName() + ".log").toFile())
            .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        AtomicInteger seen = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("RUNNING")) {
                        seen.set(1);
                    }
                }
            } catch (IOException ignored) {
                // The process was killed.
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (seen.get() == 0) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("worker did not start; see " + stateDir + ".log");
            }
            Thread.sleep(50);
        }
        return p;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path src : (Iterable<Path>) files::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }

}
