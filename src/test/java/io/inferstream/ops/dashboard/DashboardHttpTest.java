package io.inferstream.ops.dashboard;

import static io.inferstream.ops.dashboard.DashboardRecords.alert;
import static io.inferstream.ops.dashboard.DashboardRecords.event;
import static io.inferstream.ops.dashboard.DashboardRecords.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.ModelEventType;
import io.inferstream.avro.Severity;
import io.inferstream.ops.OpsHttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page, its files and its JSON API on a real OpsHttpServer (port 0), fed by hand-made meters and records. */
class DashboardHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong nanos = new AtomicLong();
    private final StatusSampler sampler = new StatusSampler(new PipelineMeters(registry), 2, 10, nanos::get,
        () -> nanos.get() / 1_000_000);
    private final ModelBoard models = new ModelBoard(5);
    private final DriftHistory drift = new DriftHistory(10, 10);
    private final AlertBoard alerts = new AlertBoard(10);
    private final HttpClient client = HttpClient.newHttpClient();
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        server = OpsHttpServer.start("127.0.0.1", 0);
        new StaticAssets().register(server);
        new DashboardApi(sampler, models, drift, alerts).register(server);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void shouldServeThePageItsScriptsAndTheVendoredChartLibrary() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>Inferstream dashboard</title>", "/assets/uplot/uPlot.iife.min.js",
            "/assets/dashboard.js");

        HttpResponse<String> uplot = get("/assets/uplot/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/assets/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/assets/dashboard.js").body()).contains("/api/dashboard/status");
        assertThat(get("/assets/dashboard.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void shouldAnswer404ForMissingFilesAndPathsOutsideTheAssetFolders() throws Exception {
        assertThat(get("/assets/nothing.js").statusCode()).isEqualTo(404);
        assertThat(get("/assets/%2e%2e/web/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/assets/uplot/..%2F..%2Fpom.properties").statusCode()).isEqualTo(404);
        assertThat(get("/assets/.hidden").statusCode()).isEqualTo(404);
        assertThat(get("/assets/uplot/").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerStatusWithTheLatestPointAndItsHistoryAsColumns() throws Exception {
        Counter scored = Counter.builder(PipelineMeters.REQUESTS_SCORED).tags("model", "ctr", "version", "1", "role", "primary")
            .register(registry);
        Gauge.builder(PipelineMeters.MODEL_SERVING, () -> 1.0).tags("model", "ctr", "version", "1", "role", "primary").register(registry);
        sampler.sample();
        scored.increment(200);
        nanos.addAndGet(2_000_000_000L);
        sampler.sample();

        JsonNode status = json("/api/dashboard/status");

        assertThat(status.at("/latest/requestsPerSecond").asDouble()).isEqualTo(100.0);
        assertThat(status.at("/latest/requestLatencyP99Ms").isNull()).isTrue();
        assertThat(status.at("/latest/serving/0/version").asText()).isEqualTo("1");
        assertThat(status.at("/history/t")).hasSize(2);
        assertThat(status.at("/history/requestsPerSecond/1").asDouble()).isEqualTo(100.0);
        assertThat(status.at("/history/requestLatencyP99Ms/1").isNull()).isTrue();
    }

    @Test
    void shouldAnswerEmptyListsBeforeAnyRecord() throws Exception {
        assertThat(json("/api/dashboard/drift").get("series")).isEmpty();
        assertThat(json("/api/dashboard/alerts").get("open")).isEmpty();
        assertThat(json("/api/dashboard/alerts").get("recent")).isEmpty();
        assertThat(json("/api/dashboard/models").get("models")).isEmpty();
        assertThat(json("/api/dashboard/status").at("/latest/requestsPerSecond").asDouble()).isZero();
    }

    @Test
    void shouldAnswerDriftSeriesAlertsAndModels() throws Exception {
        drift.add(metric("f0", "psi", 60, 0.05, null));
        drift.add(metric("f0", "psi", 120, Double.NaN, null));
        alerts.add(alert("f0", AlertStatus.FIRING, Severity.WARNING, 120));
        models.add(event(ModelEventType.DEPLOYED, 1L, "127.0.0.1:8080", null, 10));

        JsonNode series = json("/api/dashboard/drift").at("/series/0");
        assertThat(series.get("feature").asText()).isEqualTo("f0");
        assertThat(series.get("t").toString()).isEqualTo("[60.0,120.0]");
        assertThat(series.get("v").toString()).isEqualTo("[0.05,null]");
        assertThat(series.get("warning").asDouble()).isEqualTo(0.1);

        JsonNode board = json("/api/dashboard/alerts");
        assertThat(board.at("/open/0/severity").asText()).isEqualTo("WARNING");
        assertThat(board.at("/recent/0/status").asText()).isEqualTo("FIRING");

        JsonNode m = json("/api/dashboard/models");
        assertThat(m.at("/models/0/model").asText()).isEqualTo("ctr");
        assertThat(m.at("/models/0/reports/0/state").asText()).isEqualTo("DEPLOYED");
        assertThat(m.get("serving")).isEmpty();
    }
}
