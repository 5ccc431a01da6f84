package io.inferstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.config.HttpSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsHttpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OpsHttpServer server;

    @BeforeEach
    void start() {
        server = OpsHttpServer.start(new HttpSettings("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldPassDecodedPathAndQueryParametersToTheRoute() throws Exception {
        server.get("/users/{id}/recommendations", r -> OpsResponse.json(Map.of("id", r.pathParam("id"),
            "k", r.queryParam("k").orElse("none"), "q", r.queryParam("q").orElse("none"), "raw", r.pathAndQuery())));

        HttpResponse<String> response = get("/users/a%20b+c%2Fd/recommendations?k=5&q=x+y%26z&k=9");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("id").asText()).isEqualTo("a b+c/d");
        assertThat(body.get("k").asText()).isEqualTo("5");
        assertThat(body.get("q").asText()).isEqualTo("x y&z");
        assertThat(body.get("raw").asText()).isEqualTo("/users/a%20b+c%2Fd/recommendations?k=5&q=x+y%26z&k=9");
    }

    @Test
    void shouldAnswerUnknownPathWith404JsonBody() throws Exception {
        server.get("/users/{id}/factors", r -> OpsResponse.json(Map.of()));

        for (String path : new String[] {"/nope", "/", "/users/1", "/users/1/factors/extra", "/users//factors"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("error_code").asInt()).isEqualTo(404);
            assertThat(body.get("message").asText()).contains("no such path");
        }
    }

    @Test
    void shouldAnswerWrongMethodWith405AndAllow() throws Exception {
        server.get("/items/{id}", r -> OpsResponse.json(Map.of()));
        server.route("DELETE", "/items/{id}", r -> OpsResponse.json(Map.of()));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/items/7")).POST(HttpRequest.BodyPublishers.ofString("x")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("DELETE, GET, HEAD");
        assertThat(JSON.readTree(response.body()).get("error_code").asInt()).isEqualTo(405);
    }

    @Test
    void shouldAnswerHeadLikeGetWithoutBody() throws Exception {
        server.get("/health", r -> OpsResponse.json(Map.of("head", r.head())).withHeader("X-Test", "yes"));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Test")).hasValue("yes");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldWriteRouteErrorsAsJsonWithTheirStatusAndHeaders() throws Exception {
        server.get("/bad", r -> {
            throw OpsHttpException.badRequest(40001, "k must be an integer");
        });
        server.get("/busy", r -> {
            throw OpsHttpException.unavailable("rebalancing", Duration.ofMillis(1500));
        });

        HttpResponse<String> bad = get("/bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body())).isEqualTo(JSON.readTree("{\"error_code\":40001,\"message\":\"k must be an integer\"}"));

        HttpResponse<String> busy = get("/busy");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(JSON.readTree(busy.body()).get("message").asText()).isEqualTo("rebalancing");
    }

    @Test
    void shouldAnswerUnexpectedExceptionsWith500WithoutStackTrace() throws Exception {
        server.get("/boom", r -> {
            throw new IllegalStateException("broken");
        });

        HttpResponse<String> response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error_code").asInt()).isEqualTo(500);
        assertThat(body.get("message").asText()).contains("broken").doesNotContain("\tat ");
    }

    @Test
    void shouldPreferLiteralSegmentsAndGiveTheRestToAGreedyParameter() throws Exception {
        server.get("/users/{id}", r -> OpsResponse.text(200, "text/plain", "user " + r.pathParam("id")));
        server.get("/users/me", r -> OpsResponse.text(200, "text/plain", "me"));
        server.get("/dashboard/{file...}", r -> OpsResponse.text(200, "text/plain", "file " + r.pathParam("file")));

        assertThat(get("/users/me").body()).isEqualTo("me");
        assertThat(get("/users/42").body()).isEqualTo("user 42");
        assertThat(get("/dashboard/js/app.js").body()).isEqualTo("file js/app.js");
        assertThat(get("/dashboard/index.html").headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(get("/dashboard").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseMalformedAndDuplicateRoutes() {
        server.get("/a/{id}", r -> OpsResponse.json(Map.of()));

        assertThatThrownBy(() -> server.get("/a/{other}", r -> OpsResponse.json(Map.of())))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> server.get("no-slash", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.get("/a/x{id}", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.get("/a/{rest...}/b", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.get("/a/{id}/{id}", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.route("HEAD", "/b", r -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStopListeningOnCloseAndCloseTwiceQuietly() {
        server.get("/x", r -> OpsResponse.json(Map.of()));
        server.close();
        server.close();

        assertThatThrownBy(() -> get("/x")).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }
}
