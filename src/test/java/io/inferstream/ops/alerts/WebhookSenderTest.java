package io.inferstream.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferstream.ops.alerts.WebhookSender.Outcome;
import io.inferstream.ops.alerts.WebhookSender.Result;
import io.inferstream.ops.alerts.WebhookSender.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against a real HTTP server on 127.0.0.1 that fails a given number of times before it accepts. */
class WebhookSenderTest {

    private static final byte[] BODY = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What the server received. */
    record Received(String method, String contentType, String authorization, String custom, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String retryAfter;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Content-Type"),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("X-Custom"),
                new String(body, StandardCharsets.UTF_8)));
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            int status = fail ? failStatus : 200;
            if (fail && retryAfter != null) {
                ex.getResponseHeaders().set("Retry-After", retryAfter);
            }
            byte[] answer = (fail ? "try later" : "ok").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private WebhookSender sender(URI url, Map<String, String> headers, int retries) {
        return new WebhookSender(url, headers, new RetryPolicy(retries, Duration.ofMillis(100), Duration.ofMillis(350)),
            TIMEOUT, HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), waits::add);
    }

    @Test
    void shouldDeliverAtOnceWhenTheWebhookAccepts() throws Exception {
        Result r = sender(hook(), Map.of(), 5).post(BODY);

        assertThat(r).isEqualTo(new Result(Outcome.DELIVERED, 200, 1, ""));
        assertThat(received).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.contentType()).isEqualTo("application/json");
            assertThat(req.body()).isEqualTo("{\"version\":\"4\"}");
        });
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldRetry503WithExponentialBackoffUntilAccepted() throws Exception {
        failuresLeft.set(3);

        Result r = sender(hook(), Map.of(), 5).post(BODY);

        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(received).hasSize(4).extracting(Received::body).containsOnly("{\"version\":\"4\"}");
        // 100 ms doubled each time, capped at 350 ms.
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350));
    }

    @Test
    void shouldGiveUpAfterTheRetryLimit() throws Exception {
        failuresLeft.set(10);

        Result r = sender(hook(), Map.of(), 2).post(BODY);

        assertThat(r.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.detail()).isEqualTo("try later");
        assertThat(received).hasSize(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void shouldRetry429AndHonourRetryAfterUpToTheMaximumBackoff() throws Exception {
        failStatus = 429;
        retryAfter = "120";
        failuresLeft.set(1);

        Result r = sender(hook(), Map.of(), 3).post(BODY);

        assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofMillis(350));
    }

    @Test
    void shouldNotRetryA400() throws Exception {
        failStatus = 400;
        failuresLeft.set(1);

        Result r = sender(hook(), Map.of(), 5).post(BODY);

        assertThat(r).isEqualTo(new Result(Outcome.REJECTED, 400, 1, "try later"));
        assertThat(received).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldRetryConnectionErrorsAndGiveUpWithoutAStatus() throws Exception {
        URI closed = hook();
        server.stop(0);

        Result r = sender(closed, Map.of(), 1).post(BODY);

        assertThat(r.outcome()).isEqualTo(Outcome.GAVE_UP);
        assertThat(r.status()).isZero();
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.detail()).contains("ConnectException");
        assertThat(waits).containsExactly(Duration.ofMillis(100));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0); // for stop()
    }

    @Test
    void shouldPassHeadersAndLetThemReplaceTheContentType() throws Exception {
        sender(hook(), Map.of("Authorization", "Bearer s3cret", "X-Custom", "a=b")).post(BODY);
        sender(hook(), Map.of("Content-Type", "application/vnd.alertmanager+json"), 0).post(BODY);

        assertThat(received).hasSize(2);
        assertThat(received.get(0).authorization()).isEqualTo("Bearer s3cret");
        assertThat(received.get(0).custom()).isEqualTo("a=b");
        assertThat(received.get(1).contentType()).isEqualTo("application/vnd.alertmanager+json");
    }

    private WebhookSender sender(URI url, Map<String, String> headers) {
        return sender(url, headers, 0);
    }

    @Test
    void shouldRefuseHeadersTheHttpClientForbidsAndNonHttpUrlsUpFront() {
        assertThatThrownBy(() -> sender(hook(), Map.of("Host", "elsewhere"), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook header refused");
        assertThatThrownBy(() -> sender(URI.create("ftp://127.0.0.1/hook"), Map.of(), 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    void shouldDoubleTheBackoffUpToItsCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(60)))
            .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3));
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
