package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.registry.server.SchemaRegistryServer;
import io.inferstream.registry.server.SchemaRegistryServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against Inferstream's real registry server (in memory, 127.0.0.1, free port). */
class HttpSchemaRegistryClientTest {

    static final Schema USER_V1 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");
    static final Schema USER_V2 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}]}");
    static final Schema USER_REQUIRED_EMAIL = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"email\",\"type\":\"string\"}]}");

    private SchemaRegistryServer server;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
        client = new HttpSchemaRegistryClient(fastRetries(RegistryClientConfig.of(server.url())));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static RegistryClientConfig fastRetries(RegistryClientConfig c) {
        return c.withRetries(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed on return: nothing listens there (for a while, at least)
        }
    }

    @Test
    void shouldSpeakTheWholeRestApi() {
        int id1 = client.register("users-value", USER_V1);
        int id2 = client.register("users-value", USER_V2);
        assertThat(id2).isNotEqualTo(id1);
        assertThat(client.getById(id1)).isEqualTo(USER_V1);
        assertThat(client.lookup("users-value", USER_V2)).isEqualTo(new SchemaVersion("users-value", 2, id2, USER_V2));
        assertThat(client.getVersion("users-value", 1).schema()).isEqualTo(USER_V1);
        assertThat(client.getLatest("users-value").version()).isEqualTo(2);
        assertThat(client.subjects()).containsExactly("users-value");
        assertThat(client.versions("users-value")).containsExactly(1, 2);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.subjectCompatibility("users-value")).isEmpty();
        assertThat(client.setSubjectCompatibility("users-value", CompatibilityLevel.FULL))
                .isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.subjectCompatibility("users-value")).contains(CompatibilityLevel.FULL);
        assertThat(client.setGlobalCompatibility(CompatibilityLevel.NONE)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.testCompatibility("users-value", "1", USER_REQUIRED_EMAIL)).isFalse();
        assertThat(client.testCompatibility("users-value", "latest", USER_V2)).isTrue();
        assertThat(client.deleteVersion("users-value", 2, false)).isEqualTo(2);
        assertThat(client.deleteSubject("users-value", false)).containsExactly(1);
        assertThat(client.subjects()).isEmpty();
    }

    @Test
    void shouldAnswerRepeatedRegisterLookupAndGetByIdFromCache() {
        int id = client.register("users-value", USER_V1);
        client.lookup("users-value", USER_V1);
        long afterFirst = client.requestCount();
        for (int i = 0; i < 100; i++) {
            assertThat(client.register("users-value", USER_V1)).isEqualTo(id);
            assertThat(client.lookup("users-value", USER_V1).version()).isEqualTo(1);
            assertThat(client.getById(id)).isEqualTo(USER_V1);
        }
        assertThat(client.requestCount()).isEqualTo(afterFirst);

        server.close(); // cached answers need no server at all
        assertThat(client.register("users-value", USER_V1)).isEqualTo(id);
        assertThat(client.getById(id)).isEqualTo(USER_V1);
        assertThatThrownBy(() -> client.getLatest("users-value")).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void shouldFetchASchemaByIdOnceForAFreshClient() {
        int id = client.register("users-value", USER_V1);
        try (HttpSchemaRegistryClient other = new HttpSchemaRegistryClient(RegistryClientConfig.of(server.url()))) {
            assertThat(other.getById(id)).isEqualTo(USER_V1);
            assertThat(other.getById(id)).isEqualTo(USER_V1);
            assertThat(other.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldMapRegistryErrorsToRegistryExceptionWithoutRetrying() {
        client.register("users-value", USER_V1);
        long before = client.requestCount();
        assertThatThrownBy(() -> client.getById(9999)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
        });
        assertThat(client.requestCount()).isEqualTo(before + 1);
        assertThatThrownBy(() -> client.getLatest("nope")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> client.getVersion("users-value", 7)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> client.lookup("users-value", USER_V2)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.register("users-value", USER_REQUIRED_EMAIL))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(RegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.detail()).isNotBlank();
                });
    }

    @Test
    void shouldFailOverToTheNextUrlWhenTheFirstRefusesConnections() throws IOException {
        String urls = "http://127.0.0.1:" + closedPort() + "," + server.url();
        try (HttpSchemaRegistryClient failover = new HttpSchemaRegistryClient(fastRetries(RegistryClientConfig.of(urls)))) {
            assertThat(failover.subjects()).isEmpty();
            assertThat(failover.requestCount()).isEqualTo(2);
            assertThat(failover.subjects()).isEmpty();
            assertThat(failover.requestCount()).isEqualTo(3); // sticks to the URL that answered
        }
    }

    @Test
    void shouldGiveUpAfterTheConfiguredAttemptsWhenNothingListens() throws IOException {
        RegistryClientConfig cfg = fastRetries(RegistryClientConfig.of("http://127.0.0.1:" + closedPort()));
        try (HttpSchemaRegistryClient down = new HttpSchemaRegistryClient(cfg)) {
            assertThatThrownBy(down::subjects)
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("No schema registry answered GET /subjects");
            assertThat(down.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void shouldCreateTheRightClientForEachUrlScheme() {
        try (SchemaRegistryClient mock = SchemaRegistryClients.create("mock://clients-test");
             SchemaRegistryClient http = SchemaRegistryClients.create(server.url())) {
            assertThat(mock).isInstanceOf(LocalSchemaRegistryClient.class);
            assertThat(http).isInstanceOf(HttpSchemaRegistryClient.class);
            int id = mock.register("s", USER_V1);
            assertThat(MockSchemaRegistry.forScope("clients-test").getById(id)).isEqualTo(USER_V1);
        } finally {
            MockSchemaRegistry.dropScope("clients-test");
        }
    }

    @Test
    void shouldRejectUnsupportedUrls() {
        assertThatThrownBy(() -> RegistryClientConfig.of("ftp://x")).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(java.util.Map.of()))
                .hasMessageContaining("schema.registry.url");
        assertThat(RegistryClientConfig.of("http://a:1, http://b:2/").urls())
                .containsExactly(java.net.URI.create("http://a:1"), java.net.URI.create("http://b:2/"));
    }
}
