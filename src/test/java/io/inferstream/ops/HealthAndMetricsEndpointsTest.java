package io.inferstream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.config.HttpSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and /metrics over HTTP, on a server of their own. */
class HealthAndMetricsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HealthEndpoints health = new HealthEndpoints();
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        server = OpsHttpServer.start(new HttpSettings("127.0.0.1", 0));
        health.register(server);
        new MetricsEndpoint(meters).register(server);
    }

    @AfterEach
    void stop() {
        server.close();
        meters.close();
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldBeLiveWhateverTheChecksSay() throws Exception {
        health.add("models", () -> Optional.of("no model loaded yet"));
        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldAnswer503NamingTheFailingCheckUntilEveryCheckPasses() throws Exception {
        AtomicReference<Optional<String>> models = new AtomicReference<>(Optional.of("models not loaded yet: ctr"));
        StreamsReadiness streams = new StreamsReadiness();
        health.add("streams:scoring", streams).add("models", models::get);

        HttpResponse<String> notReady = get("/health/ready", null);
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(notReady.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get(0).get("name").asText()).isEqualTo("streams:scoring");
        assertThat(body.get("checks").get(0).get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get(1).get("reason").asText()).isEqualTo("models not loaded yet: ctr");

        streams.onChange(KafkaStreams.State.REBALANCING);
        streams.onChange(KafkaStreams.State.RUNNING);
        JsonNode onlyModels = JSON.readTree(get("/health/ready", null).body());
        assertThat(onlyModels.get("checks").get(0).get("status").asText()).isEqualTo("UP");
        assertThat(onlyModels.get("checks").get(0).has("reason")).isFalse();

        models.set(Optional.empty());
        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldCountACheckThatThrowsAsDown() {
        health.add("broken", () -> {
            throw new IllegalStateException("boom");
        });
        HealthEndpoints.Report report = health.readiness();
        assertThat(report.ready()).isFalse();
        assertThat(report.checks().get(0).reason()).contains("boom");
    }

    @Test
    void shouldBeReadyWithNoChecks() {
        assertThat(health.readiness().ready()).isTrue();
    }

    @Test
    void shouldServeThePrometheusTextFormat() throws Exception {
        Counter.builder("inferstream.requests.scored").tags("model", "ctr", "version", "1", "role", "primary").register(meters)
            .increment(3);

        HttpResponse<String> text = get("/metrics", null);

        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.TEXT_FORMAT);
        assertThat(text.body()).contains("# TYPE inferstream_requests_scored_total counter")
            .contains("inferstream_requests_scored_total{model=\"ctr\",role=\"primary\",version=\"1\"} 3.0");
    }

    @Test
    void shouldServeOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        Counter.builder("inferstream.recommend.feeds").register(meters).increment();

        HttpResponse<String> om = get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertThat(om.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.OPENMETRICS_FORMAT);
        assertThat(om.body()).contains("inferstream_recommend_feeds_total 1").endsWith("# EOF\n");
    }
}
