package io.inferstream.app;

import static io.inferstream.ops.alerts.DriftAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.Severity;
import io.inferstream.config.ConfigLoader;
import io.inferstream.config.InferstreamConfig;
import io.inferstream.serde.AvroSerde;
import io.inferstream.serde.AvroSerdes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inferstream alerts} on an embedded broker and registry: DriftAlert records produced with the registry serde
 * (as the drift topology writes them) reach a real local webhook as Alertmanager JSON, at least once.
 */
class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FIRED = Instant.parse("2026-11-28T16:05:00Z");
    private static final Instant CLEARED = Instant.parse("2026-11-28T16:20:00Z");

    @TempDir
    static Path dir;

    private static DemoRunner demo;
    private static DemoRunner.Endpoints endpoints;

    private HttpServer webhook;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failStatus = 503;

    @BeforeAll
    static void start() {
        InferstreamConfig config = ConfigLoader.load(Optional.empty(), Map.of(), List.of(
            "embedded.broker.port=0", "embedded.controller.port=0", "embedded.registry.port=0",
            "embedded.data.dir=" + dir.resolve("data")));
        demo = new DemoRunner(config, List.of());
        endpoints = demo.start();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void startWebhook() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/hook", this::handle);
        webhook.start();
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                byte[] why = "no thanks".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(failStatus, why.length);
                ex.getResponseBody().write(why);
                return;
            }
            posted.add(JSON.readTree(body));
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(200, -1);
        }
    }

    private String hook() {
        return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
    }

    /** Each test its own alerts topic (auto-created by the first record), so tests see only their own history. */
    private static void produce(String topic, DriftAlert... alerts) throws Exception {
        Map<String, Object> props = Map.of("bootstrap.servers", endpoints.bootstrapServers());
        try (AvroSerde<DriftAlert> serde = AvroSerdes.specific(DriftAlert.class,
                 Map.of("schema.registry.url", endpoints.registryUrl()), false);
             KafkaProducer<String, DriftAlert> producer = new KafkaProducer<>(props, new StringSerializer(),
                 serde.serializer())) {
            for (DriftAlert a : alerts) {
                producer.send(new ProducerRecord<>(topic, a.getAlertId(), a)).get();
            }
        }
    }

    private static CliRun cli(String topic, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "topics.model-drift-alerts.name=" + topic,"--set", "kafka.bootstrap.servers=" + endpoints.bootstrapServers(),
            "--set", "registry.url=" + endpoints.registryUrl()));
        return CliRun.run(Map.of(), "", List.of(), all.toArray(String[]::new));
    }

    private List<JsonNode> alertsPosted() {
        List<JsonNode> out = new ArrayList<>();
        posted.forEach(p -> p.get("alerts").forEach(out::add));
        return out;
    }

    @Test
    void shouldPostFiringThenResolvedToTheWebhookAsAlertmanagerJsonOnce() throws Exception {
        String topic = "alerts-webhook";
        produce(topic, alert("ctr", "mobile", Severity.WARNING, AlertStatus.FIRING, FIRED));
        failuresLeft.set(1); // the first POST fails with 503: retried

        CliRun first = cli(topic, "alerts", "--group", "it-webhook", "--webhook", hook(), "--header", "Authorization=Bearer t0k",
            "--retries", "3", "--retry-backoff", "10ms", "--max-alerts", "1", "--idle-timeout", "30s");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("FIRING   WARNING  ctr v2 age segment=mobile: psi 0.153 (threshold 0.1), window "
            + "2026-11-28T16:00:00Z .. 2026-11-28T16:05:00Z, fired 2026-11-28T16:05:00Z: psi 0.153 over 0.1 for 2 windows")
            .contains("1 alert open");
        assertThat(posted).singleElement().satisfies(p -> {
            assertThat(p.get("version").asText()).isEqualTo("4");
            assertThat(p.get("status").asText()).isEqualTo("firing");
            assertThat(p.get("receiver").asText()).isEqualTo("inferstream");
            assertThat(p.get("groupLabels").get("model").asText()).isEqualTo("ctr");
            JsonNode a = p.get("alerts").get(0);
            assertThat(a.get("labels").get("alertname").asText()).isEqualTo("InferstreamDrift");
            assertThat(a.get("labels").get("segment").asText()).isEqualTo("mobile");
            assertThat(a.get("labels").get("severity").asText()).isEqualTo("warning");
            assertThat(a.get("annotations").get("value").asText()).isEqualTo("0.153");
            assertThat(a.get("startsAt").asText()).isEqualTo("2026-11-28T16:05:00Z");
            assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        });
        assertThat(authorizations).containsExactly("Bearer t0k");

        produce(topic, alert("ctr", "mobile", Severity.WARNING, AlertStatus.RESOLVED, CLEARED));
        CliRun second = cli(topic, "alerts", "--group", "it-webhook", "--webhook", hook(), "--idle-timeout", "10s");

        assertThat(second.exitCode()).as(second.err()).isZero();
        // The history is read again (the firing alert is printed), but only the resolution is new to the webhook.
        assertThat(second.out()).contains("FIRING   WARNING  ctr v2 age segment=mobile")
            .contains("RESOLVED WARNING  ctr v2 age segment=mobile: psi 0.153 (threshold 0.1)")
            .contains("1 alert open").contains("0 alerts open");
        assertThat(posted).hasSize(2);
        JsonNode resolved = posted.get(1);
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        JsonNode a = resolved.get("alerts").get(0);
        assertThat(a.get("status").asText()).isEqualTo("resolved");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-11-28T16:05:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2026-11-28T16:20:00Z");
        assertThat(a.get("fingerprint").asText()).isEqualTo(posted.get(0).get("alerts").get(0).get("fingerprint").asText());

        CliRun json = cli(topic, "alerts", "--group", "it-json", "--json", "--max-alerts", "2", "--idle-timeout", "30s");
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : json.out().split("\\R")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        assertThat(lines).extracting(n -> n.get("status").asText()).containsExactly("FIRING", "RESOLVED");
        assertThat(lines).allSatisfy(n -> assertThat(n.get("alertId").asText()).isEqualTo("ctr/2/age/mobile/psi"));
        assertThat(json.err()).contains("1 alert open").contains("0 alerts open");
    }

    @Test
    void shouldStopWithoutCommittingWhenTheWebhookStaysDownAndSendAgainNextRun() throws Exception {
        DriftAlert fraud = alert("fraud", null, Severity.CRITICAL, AlertStatus.FIRING, FIRED);
        produce("alerts-down", fraud);
        failuresLeft.set(1_000);

        CliRun down = cli("alerts-down", "alerts", "--group", "it-down", "--webhook", hook(), "--retries", "1", "--retry-backoff", "10ms",
            "--idle-timeout", "30s");

        assertThat(down.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(down.err()).contains("failed 2 times").contains("offsets not committed");
        assertThat(posted).isEmpty();

        failuresLeft.set(0);
        CliRun up = cli("alerts-down", "alerts", "--group", "it-down", "--webhook", hook(), "--idle-timeout", "10s");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(alertsPosted()).anySatisfy(a -> {
            assertThat(a.get("annotations").get("alert_id").asText()).isEqualTo(fraud.getAlertId());
            assertThat(a.get("labels").get("severity").asText()).isEqualTo("critical");
            assertThat(a.get("labels").has("segment")).isFalse();
        });
    }

    @Test
    void shouldReportARejectedNotificationAsLostAndNotSendItAgain() throws Exception {
        produce("alerts-rejected", alert("ctr", null, Severity.WARNING, AlertStatus.FIRING, FIRED));
        failStatus = 400;
        failuresLeft.set(1_000);

        CliRun rejected = cli("alerts-rejected", "alerts", "--group", "it-rejected", "--webhook", hook(), "--max-alerts", "1",
            "--idle-timeout", "30s");

        assertThat(rejected.exitCode()).as(rejected.err()).isZero();
        assertThat(rejected.err()).contains("error: LOST DELIVERY of 1 alert(s) [ctr/2/age//psi]: webhook rejected it "
            + "with HTTP 400: no thanks");
        failuresLeft.set(0);
        CliRun again = cli("alerts-rejected", "alerts", "--group", "it-rejected", "--webhook", hook(), "--idle-timeout", "5s");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("FIRING   WARNING  ctr v2 age: psi");
        assertThat(posted).isEmpty();
    }

    @Test
    void shouldExplainBadOptions() {
        CliRun header = cli("alerts-options", "alerts", "--webhook", "http://127.0.0.1:9/hook", "--header", "no-equals-sign");
        assertThat(header.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(header.err()).contains("--header needs NAME=VALUE, got 'no-equals-sign'");
        CliRun url = cli("alerts-options", "alerts", "--webhook", "file:///tmp/x");
        assertThat(url.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(url.err()).contains("webhook URL must be http or https");
    }
}
