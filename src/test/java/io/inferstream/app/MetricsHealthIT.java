package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.embedded.EmbeddedKafka;
import io.inferstream.embedded.EmbeddedKafkaConfig;
import io.inferstream.inference.DemoRequests;
import io.inferstream.model.DemoModels;
import io.inferstream.model.SyntheticCtr;
import io.inferstream.recommend.bench.EmbeddedRecommend;
import io.inferstream.recommend.synthetic.SyntheticEvents;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.AvroSerdeConfig;
import io.inferstream.serde.AvroSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring and recommendation topologies on an embedded broker, watched the way Prometheus and Kubernetes watch
 * them: /health/ready says 503 (models) until the model repository gets its models, then 200; /metrics, scraped over
 * HTTP, carries the contract's meters with the values this run produced, and Kafka Streams' own.
 */
class MetricsHealthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final int REQUESTS = 60;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static final String SCOPE = "metrics-it-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.ephemeral(dir.resolve("kafka")));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldBeReadyOnlyOnceModelsLoadAndExportTheNamedMetrics() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "kafka.bootstrap.servers=" + kafka.bootstrapServers(), "registry.url=mock://" + SCOPE, "http.port=0",
            "inference.model.repository=" + models, "inference.reload.interval=300ms",
            "inference.models.ctr.versions=specific:1,2", "inference.models.ctr.canary.version=2",
            "inference.models.ctr.canary.share=0.3", "recommend.feed.debounce=100ms", "streams.commit.interval.ms=100",
            // Our own state: /tmp/kafka-streams is shared with every other run of the same application ids.
            "streams.state.dir=" + dir.resolve("state")));
        try (Admin admin = KafkaConnection.connect(config.kafka(), KafkaConnection.CONNECT_TIMEOUT)) {
            new TopicProvisioner(admin, KafkaConnection.CONNECT_TIMEOUT).ensure(config.topics(), (short) 1);
        }
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE);
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.of("mock://" + SCOPE);
        try (PipelineRunner pipeline = new PipelineRunner(config, List.of(new ScoringTopologyFactory(), new RecommendTopologyFactory()))) {
            pipeline.start();
            String base = pipeline.httpUrl().orElseThrow();
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);

            // No model in the repository yet: not ready, and the body says why.
            HttpResponse<String> notReady = get(base + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(check(notReady, "topology:scoring").get("reason").asText()).isEqualTo("models not loaded yet: ctr");

            DemoModels.build(models, 42);
            HttpResponse<String> ready = await(() -> get(base + "/health/ready"), r -> r.statusCode() == 200);
            assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "streams:scoring").get("status").asText()).isEqualTo("UP");
            assertThat(check(ready, "streams:recommend").get("status").asText()).isEqualTo("UP");

            // Ready means every configured model has a version; the canary (v2) may load a moment after v1.
            await(() -> scrape(base), s -> s.sum("inferstream_model_serving", "model=\"ctr\",role=\"canary\",version=\"2\"") > 0);
            sendRequests(config, registry, serdeConfig);
            EmbeddedRecommend.produce(kafka.bootstrapServers(), config.topics().name(StandardTopic.USER_EVENTS),
                SyntheticEvents.generate(SyntheticSettings.small(5).withSize(40, 30, 400)), registry, serdeConfig);

            Scrape scrape = await(() -> scrape(base), s -> s.sum("inferstream_requests_scored_total", "role=\"primary\"")
                + s.sum("inferstream_requests_scored_total", "role=\"canary\"") >= REQUESTS
                && s.sum("inferstream_dead_letters_total", "topology=\"scoring\"") >= 2
                && s.sum("inferstream_recommend_events_total", "") >= 400
                && s.sum("inferstream_recommend_feeds_total", "") > 0
                && s.sum("inferstream_recommend_item_factor_visibility_seconds_count", "") > 0);
            assertThat(scrape.contentType).startsWith("text/plain; version=0.0.4");

            assertThat(scrape.sum("inferstream_requests_scored_total", "model=\"ctr\",role=\"primary\",version=\"1\"")).isPositive();
            assertThat(scrape.sum("inferstream_requests_scored_total", "model=\"ctr\",role=\"canary\",version=\"2\"")).isPositive();
            assertThat(scrape.sum("inferstream_model_latency_seconds_count", "model=\"ctr\",version=\"1\"")).isPositive();
            assertThat(scrape.lines("inferstream_model_latency_seconds_bucket")).hasSizeGreaterThan(10);
            assertThat(scrape.sum("inferstream_request_latency_seconds_count", "model=\"ctr\"")).isEqualTo(REQUESTS);
            assertThat(scrape.sum("inferstream_request_latency_seconds_sum", "model=\"ctr\"")).isPositive();
            assertThat(scrape.sum("inferstream_batch_size_sum", "model=\"ctr\"")).as("rows scored").isEqualTo(REQUESTS);
            assertThat(scrape.sum("inferstream_model_serving", "model=\"ctr\",role=\"primary\",version=\"1\"")).isEqualTo(0.7);
            assertThat(scrape.sum("inferstream_model_serving", "model=\"ctr\",role=\"canary\",version=\"2\"")).isEqualTo(0.3);
            assertThat(scrape.sum("inferstream_dead_letters_total", "code=\"MISSING_FEATURE\",topology=\"scoring\"")).isEqualTo(1);
            assertThat(scrape.sum("inferstream_dead_letters_total", "topology=\"scoring\"")).isEqualTo(2);
            assertThat(scrape.sum("inferstream_recommend_events_total", "")).isEqualTo(400);
            assertThat(scrape.sum("inferstream_recommend_item_factor_staleness_count", "")).isPositive();
            assertThat(scrape.lines("kafka_stream_")).anyMatch(l -> l.contains("topology=\"scoring\""))
                .anyMatch(l -> l.contains("topology=\"recommend\""));
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    private void sendRequests(InferstreamConfig config, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
        String topic = config.topics().name(StandardTopic.INFERENCE_REQUESTS);
        SyntheticCtr.Sample sample = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 1).sample(REQUESTS + 1);
        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(config.kafka().producerConfig(),
                 new StringSerializer(), AvroSerdes.specific(InferenceRequest.class, registry, serdeConfig, false).serializer());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(config.kafka().producerConfig(), new ByteArraySerializer(),
                 new ByteArraySerializer())) {
            for (int i = 0; i < REQUESTS; i++) {
                producer.send(new ProducerRecord<>(topic, "user-" + i, DemoRequests.ctr("r" + i, "user-" + i, sample, i, false)));
            }
            producer.send(new ProducerRecord<>(topic, "bad", DemoRequests.ctr("bad", "user-x", sample, REQUESTS, true)));
            raw.send(new ProducerRecord<>(topic, new byte[] {1}, new byte[] {42}));
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(HttpResponse<String> health, String name) throws Exception {
        for (JsonNode c : JSON.readTree(health.body()).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health.body());
    }

    private Scrape scrape(String base) throws Exception {
        HttpResponse<String> r = get(base + "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return new Scrape(r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /** One scrape in Prometheus' text format. */
    private record Scrape(String contentType, String body) {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");

        List<String> lines(String namePrefix) {
            return body.lines().filter(l -> l.startsWith(namePrefix)).toList();
        }

        /** The sum of the samples called {@code name} whose labels contain {@code labels} (sorted, as written). */
        double sum(String name, String labels) {
            double total = 0;
            for (String line : body.lines().toList()) {
                Matcher m = SAMPLE.matcher(line);
                if (m.matches() && m.group(1).equals(name) && (m.group(3) == null ? "" : m.group(3)).contains(labels)) {
                    total += Double.parseDouble(m.group(4));
                }
            }
            return total;
        }

        @Override
        public String toString() {
            return body;
        }
    }

    @FunctionalInterface
    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not there after " + PATIENCE + ": " + last);
            }
            Thread.sleep(200);
            last = probe.get();
        }
        return last;
    }
}
