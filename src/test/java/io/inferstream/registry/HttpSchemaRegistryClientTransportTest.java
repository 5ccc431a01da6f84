package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client puts on the wire and how it treats answers the real registry does not give on demand (5xx,
 * non-JSON error pages, auth, TLS). A small JDK HttpServer stands in as the far end here because the point is
 * the client's own behaviour: headers, retries, error mapping and TLS set-up.
 */
class HttpSchemaRegistryClientTransportTest {

    private static final String CT = "application/vnd.schemaregistry.v1+json";
    private HttpServer server;
    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", CT);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private String serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            seen.add(Map.of(
                    "method", ex.getRequestMethod(),
                    "path", ex.getRequestURI().getRawPath(),
                    "accept", String.valueOf(ex.getRequestHeaders().getFirst("Accept")),
                    "contentType", String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")),
                    "authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")),
                    "body", new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            handler.handle(ex);
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static RegistryClientConfig fast(RegistryClientConfig c) {
        return HttpSchemaRegistryClientTest.fastRetries(c);
    }

    @Test
    void shouldSendConfluentContentTypesAndTheSchemaAsAJsonString() throws IOException {
        String url = serve(ex -> answer(ex, 200, "{\"id\":7}"));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThat(c.register("my topic-value", HttpSchemaRegistryClientTest.USER_V1)).isEqualTo(7);
        }
        Map<String, String> req = seen.get(0);
        assertThat(req.get("method")).isEqualTo("POST");
        assertThat(req.get("path")).isEqualTo("/subjects/my%20topic-value/versions");
        assertThat(req.get("accept")).isEqualTo(CT);
        assertThat(req.get("contentType")).isEqualTo(CT);
        assertThat(req.get("body")).isEqualTo("{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode
                .valueOf(HttpSchemaRegistryClientTest.USER_V1.toString()) + "}");
    }

    @Test
    void shouldSendBasicAuthFromUserInfo() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
        String url = serve(ex -> {
            if (expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                answer(ex, 200, "[\"a\"]");
            } else {
                answer(ex, 401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
            }
        });
        RegistryClientConfig withAuth = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", url,
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:s3cr:et"));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(withAuth))) {
            assertThat(c.subjects()).containsExactly("a");
        }
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThatThrownBy(c::subjects).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.errorCode()).isEqualTo(40101);
            });
        }
        assertThat(seen).hasSize(2); // 401 is final: no retry
        assertThat(withAuth.toString()).doesNotContain("s3cr");
    }

    @Test
    void shouldTakeBasicAuthFromTheUrlUserInfo() throws IOException {
        String url = serve(ex -> answer(ex, 200, "[]"));
        RegistryClientConfig cfg = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", url.replace("http://", "http://bob:pw@"),
                "basic.auth.credentials.source", "URL"));
        assertThat(cfg.urls().get(0).toString()).isEqualTo(url);
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(cfg))) {
            c.subjects();
        }
        assertThat(seen.get(0).get("authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRetry5xxWithBackoffAndThenSucceed() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        String url = serve(ex -> {
            if (calls.incrementAndGet() < 3) {
                answer(ex, 503, "{\"error_code\":50002,\"message\":\"Operation timed out\"}");
            } else {
                answer(ex, 200, "[\"s\"]");
            }
        });
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThat(c.subjects()).containsExactly("s");
            assertThat(c.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void shouldStopRetrying5xxAfterMaxAttemptsWithTheRegistryError() throws IOException {
        String url = serve(ex -> answer(ex, 500, "{\"error_code\":50001,\"message\":\"Store is down\"}"));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThatThrownBy(c::subjects).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.errorCode()).isEqualTo(RegistryException.BACKEND_STORE_ERROR);
                assertThat(e.detail()).isEqualTo("Store is down");
            });
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void shouldStopRetryingWhenTheTotalRetryTimeIsSpent() throws IOException {
        String url = serve(ex -> answer(ex, 500, "{\"error_code\":50001,\"message\":\"down\"}"));
        RegistryClientConfig cfg = RegistryClientConfig.of(url)
                .withRetries(100, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(120));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(cfg)) {
            assertThatThrownBy(c::subjects).isInstanceOf(RegistryException.class);
        }
        assertThat(seen.size()).isBetween(1, 3);
    }

    @Test
    void shouldGiveAClearErrorForANonJsonErrorBody() throws IOException {
        String url = serve(ex -> {
            byte[] b = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(404, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThatThrownBy(() -> c.getById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.errorCode()).isEqualTo(HttpSchemaRegistryClient.UNPARSEABLE_RESPONSE);
            }).hasMessageContaining("HTTP 404").hasMessageContaining("502 Bad Gateway")
                    .hasMessageContaining("/schemas/ids/1");
        }
    }

    @Test
    void shouldRejectAnAnswerThatIsNotTheExpectedJson() throws IOException {
        String url = serve(ex -> answer(ex, 200, "{\"unexpected\":true}"));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(RegistryClientConfig.of(url)))) {
            assertThatThrownBy(() -> c.register("s", HttpSchemaRegistryClientTest.USER_V1))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("'id'");
        }
    }

    // ------------------------------------------------------------------ TLS

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    @Test
    void shouldTalkTlsWithATruststoreFromConfluentProperties(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "trustpw");

        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        https.setHttpsConfigurator(new HttpsConfigurator(new RegistryTlsConfig(null, null, null, keystore,
                "changeit", "PKCS12", null, null).withKeystore(keystore, "changeit", null).createSslContext()));
        https.createContext("/", ex -> answer(ex, 200, "[\"secure-value\"]"));
        https.start();
        server = https;
        String url = "https://127.0.0.1:" + https.getAddress().getPort();

        RegistryClientConfig cfg = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url", url,
                "schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", "trustpw",
                "schema.registry.ssl.truststore.type", "PKCS12"));
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(fast(cfg))) {
            assertThat(c.subjects()).containsExactly("secure-value");
        }
        // Without the truststore the self-signed server is not trusted: no answer, a clear error.
        try (HttpSchemaRegistryClient c = new HttpSchemaRegistryClient(
                RegistryClientConfig.of(url).withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1),
                        Duration.ofSeconds(1)))) {
            assertThatThrownBy(c::subjects).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("SSLHandshakeException");
        }
        // A wrong password names the store.
        assertThatThrownBy(() -> RegistryTlsConfig.truststore(truststore, "wrong").createSslContext())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(truststore.toString());
    }
}
