package io.inferstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.embedded.PortInUseException;
import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API as Confluent's clients see it: raw HTTP requests against the server on an in-memory store. */
class SchemaRegistryServerTest {

    static final String CT = "application/vnd.schemaregistry.v1+json";
    static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";
    static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"email\",\"type\":\"string\",\"default\":\"\"}]}";
    static final String USER_REQUIRED = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"t\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"email\",\"type\":\"string\"}]}";
    static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"total\",\"type\":\"double\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private SchemaRegistryServer server;

    record Resp(int status, String body, String contentType) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    @BeforeEach
    void start() {
        server = SchemaRegistryServer.start(SchemaRegistryServerConfig.ephemeral());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Resp send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Resp(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    private Resp get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    private Resp post(String path, String body) throws Exception {
        return send("POST", path, body, CT);
    }

    private Resp put(String path, String body) throws Exception {
        return send("PUT", path, body, CT);
    }

    private Resp delete(String path) throws Exception {
        return send("DELETE", path, null, null);
    }

    private static String schemaBody(String schema) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));
    }

    private int register(String subject, String schema) throws Exception {
        Resp r = post("/subjects/" + subject + "/versions", schemaBody(schema));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("id").asInt();
    }

    @Test
    void shouldAnswerTheRootAndSchemaTypes() throws Exception {
        Resp root = get("/");
        assertThat(root.status()).isEqualTo(200);
        assertThat(root.json().isObject()).isTrue();
        assertThat(root.contentType()).isEqualTo(CT);
        assertThat(get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
        assertThat(server.url()).startsWith("http://127.0.0.1:").doesNotEndWith(":0");
    }

    @Test
    void shouldRegisterLookUpAndGetSchemas() throws Exception {
        Resp r = post("/subjects/users-value/versions",
            "{\"schema\":" + JSON.writeValueAsString(USER_V1) + ",\"schemaType\":\"AVRO\",\"references\":[]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"id\":1}");
        assertThat(register("users-value", USER_V1)).as("idempotent").isEqualTo(1);
        assertThat(register("users-value", USER_V2)).isEqualTo(2);
        assertThat(register("other-value", USER_V1)).as("same schema, same id").isEqualTo(1);

        Resp byId = get("/schemas/ids/2");
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.json().get("schema").asText()).isEqualTo(USER_V2);
        assertThat(byId.json().has("schemaType")).isFalse();
        assertThat(get("/schemas/ids/1/schema").body()).isEqualTo(USER_V1);
        assertThat(get("/schemas/ids/1/subjects").body()).isEqualTo("[\"users-value\",\"other-value\"]");
        assertThat(get("/schemas/ids/1/versions").json().get(1).get("subject").asText()).isEqualTo("other-value");

        Resp lookup = post("/subjects/users-value", schemaBody(USER_V2));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.json().get("subject").asText()).isEqualTo("users-value");
        assertThat(lookup.json().get("id").asInt()).isEqualTo(2);
        assertThat(lookup.json().get("version").asInt()).isEqualTo(2);
        assertThat(lookup.json().get("schema").asText()).isEqualTo(USER_V2);

        assertThat(get("/subjects").body()).isEqualTo("[\"other-value\",\"users-value\"]");
        assertThat(get("/subjects/users-value/versions").body()).isEqualTo("[1,2]");
        Resp latest = get("/subjects/users-value/versions/latest");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("id").asInt()).isEqualTo(2);
        assertThat(get("/subjects/users-value/versions/1").json().get("schema").asText()).isEqualTo(USER_V1);
        assertThat(get("/subjects/users-value/versions/-1").json().get("version").asInt()).isEqualTo(2);
        assertThat(get("/subjects/users-value/versions/1/schema").body()).isEqualTo(USER_V1);
        assertThat(get("/subjects/users-value/versions/1/referencedby").body()).isEqualTo("[]");

        JsonNode all = get("/schemas").json();
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("subject").asText()).isEqualTo("other-value");
        JsonNode latestOnly = get("/schemas?subjectPrefix=users&latestOnly=true").json();
        assertThat(latestOnly).hasSize(1);
        assertThat(latestOnly.get(0).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAcceptEveryConfluentContentTypeAndRefuseOthers() throws Exception {
        assertThat(send("POST", "/subjects/a/versions", schemaBody(USER_V1), "application/json").status()).isEqualTo(200);
        assertThat(send("POST", "/subjects/b/versions", schemaBody(USER_V1), "application/vnd.schemaregistry+json").status())
            .isEqualTo(200);
        assertThat(send("POST", "/subjects/c/versions", schemaBody(USER_V1), CT + "; charset=utf-8").status()).isEqualTo(200);
        assertThat(send("POST", "/subjects/d/versions", schemaBody(USER_V1), null).status()).isEqualTo(200);
        Resp refused = send("POST", "/subjects/e/versions", schemaBody(USER_V1), "text/plain");
        assertThat(refused.status()).isEqualTo(415);
        assertThat(refused.errorCode()).isEqualTo(415);
    }

    @Test
    void shouldDecodeSubjectsInThePath() throws Exception {
        assertThat(register("name%2Fwith%20slash+plus", USER_V1)).isEqualTo(1);
        assertThat(get("/subjects").json().get(0).asText()).isEqualTo("name/with slash+plus");
        assertThat(get("/subjects/name%2Fwith%20slash+plus/versions/1").status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409() throws Exception {
        register("users-value", USER_V1);
        Resp r = post("/subjects/users-value/versions", schemaBody(USER_REQUIRED));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo(409);
        assertThat(r.json().get("message").asText()).contains("incompatible");
        assertThat(get("/subjects/users-value/versions").body()).isEqualTo("[1]");
    }

    @Test
    void shouldRefuseInvalidSchemasWith42201() throws Exception {
        for (String bad : new String[] {"{\"schema\":\"{not avro\"}", "{\"schema\":\"\"}", "{}", "",
            "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"X\\\"}\"}", "{\"schema\":5}"}) {
            Resp r = post("/subjects/s/versions", bad);
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.errorCode()).as(bad).isEqualTo(RegistryException.INVALID_SCHEMA);
            assertThat(r.json().get("message").asText()).isNotBlank();
        }
        Resp typed = post("/subjects/s/versions", "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
        assertThat(typed.errorCode()).isEqualTo(RegistryException.INVALID_SCHEMA);
        assertThat(get("/subjects").body()).isEqualTo("[]");
    }

    @Test
    void shouldAnswerMalformedBodiesWithAnErrorBodyNotAStackTrace() throws Exception {
        Resp syntax = post("/subjects/s/versions", "{\"schema\": ");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.errorCode()).isEqualTo(400);
        assertThat(syntax.json().get("message").asText()).startsWith("Malformed JSON body").doesNotContain("\tat ");

        Resp notObject = post("/subjects/s/versions", "[1,2]");
        assertThat(notObject.status()).isEqualTo(422);
        assertThat(notObject.errorCode()).isEqualTo(422);

        Resp objectSchema = post("/subjects/s/versions", "{\"schema\":{\"type\":\"string\"}}");
        assertThat(objectSchema.status()).isEqualTo(422);
        assertThat(objectSchema.errorCode()).isEqualTo(422);

        Resp badReferences = post("/subjects/s/versions", "{\"schema\":\"\\\"string\\\"\",\"references\":5}");
        assertThat(badReferences.status()).isEqualTo(422);

        Resp config = put("/config", "not json");
        assertThat(config.status()).isEqualTo(400);
        assertThat(config.errorCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswerNotFoundErrorCodes() throws Exception {
        register("s", USER_V1);
        Resp subject = get("/subjects/nope/versions");
        assertThat(subject.status()).isEqualTo(404);
        assertThat(subject.errorCode()).isEqualTo(40401);
        assertThat(subject.json().get("message").asText()).contains("nope");
        assertThat(get("/subjects/nope/versions/latest").errorCode()).isEqualTo(40401);
        assertThat(post("/subjects/nope", schemaBody(USER_V1)).errorCode()).isEqualTo(40401);
        Resp version = get("/subjects/s/versions/9");
        assertThat(version.status()).isEqualTo(404);
        assertThat(version.errorCode()).isEqualTo(40402);
        Resp id = get("/schemas/ids/42");
        assertThat(id.status()).isEqualTo(404);
        assertThat(id.errorCode()).isEqualTo(40403);
        assertThat(post("/subjects/s", schemaBody(ORDER)).errorCode()).isEqualTo(40403);
        Resp invalidVersion = get("/subjects/s/versions/zero");
        assertThat(invalidVersion.status()).isEqualTo(422);
        assertThat(invalidVersion.errorCode()).isEqualTo(42202);
    }

    @Test
    void shouldAnswerUnknownPathsWith404AndWrongMethodsWith405() throws Exception {
        Resp unknown = get("/nothing/here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        assertThat(get("/schemas/ids/abc").status()).isEqualTo(404);
        assertThat(get("/subjects/s/nothing").status()).isEqualTo(404);
        Resp method = send("PATCH", "/subjects", "{}", CT);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo(405);
    }

    @Test
    void shouldGetAndPutCompatibilityConfig() throws Exception {
        assertThat(get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        Resp put = put("/config", "{\"compatibility\":\"full\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");

        Resp none = get("/config/users-value");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo(40408);
        assertThat(get("/config/users-value?defaultToGlobal=true").json().get("compatibilityLevel").asText()).isEqualTo("FULL");

        assertThat(put("/config/users-value", "{\"compatibility\":\"NONE\"}").body()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(get("/config/users-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(delete("/config/users-value").json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        assertThat(get("/config/users-value").errorCode()).isEqualTo(40408);

        Resp invalid = put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
        assertThat(put("/config", "{}").errorCode()).isEqualTo(42203);
    }

    @Test
    void shouldTestCompatibility() throws Exception {
        register("users-value", USER_V1);
        Resp ok = post("/compatibility/subjects/users-value/versions/latest", schemaBody(USER_V2));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"is_compatible\":true}");
        Resp bad = post("/compatibility/subjects/users-value/versions/1?verbose=true", schemaBody(USER_REQUIRED));
        assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(bad.json().get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(post("/compatibility/subjects/users-value/versions", schemaBody(USER_V2)).json().get("is_compatible")
            .asBoolean()).isTrue();
        assertThat(post("/compatibility/subjects/users-value/versions/7", schemaBody(USER_V2)).errorCode()).isEqualTo(40402);
        assertThat(post("/compatibility/subjects/users-value/versions/latest", "{\"schema\":\"{\"}").errorCode())
            .isEqualTo(42201);
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDelete() throws Exception {
        register("s", USER_V1);
        register("s", USER_V2);

        Resp notSoft = delete("/subjects/s/versions/1?permanent=true");
        assertThat(notSoft.status()).isEqualTo(404);
        assertThat(notSoft.errorCode()).isEqualTo(40407);
        assertThat(delete("/subjects/s/versions/1").body()).isEqualTo("1");
        assertThat(delete("/subjects/s/versions/1").errorCode()).isEqualTo(40406);
        assertThat(get("/subjects/s/versions").body()).isEqualTo("[2]");
        assertThat(get("/subjects/s/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(get("/subjects/s/versions/1?deleted=true").json().get("id").asInt()).isEqualTo(1);
        assertThat(get("/schemas/ids/1").status()).as("soft-deleted ids still answer").isEqualTo(200);
        assertThat(post("/subjects/s?deleted=true", schemaBody(USER_V1)).json().get("version").asInt()).isEqualTo(1);
        assertThat(delete("/subjects/s/versions/1?permanent=true").body()).isEqualTo("1");
        assertThat(get("/schemas/ids/1").errorCode()).isEqualTo(40403);

        assertThat(delete("/subjects/s?permanent=true").errorCode()).isEqualTo(40405);
        assertThat(delete("/subjects/s").body()).isEqualTo("[2]");
        assertThat(delete("/subjects/s").errorCode()).isEqualTo(40404);
        assertThat(get("/subjects").body()).isEqualTo("[]");
        assertThat(get("/subjects?deleted=true").body()).isEqualTo("[\"s\"]");
        assertThat(delete("/subjects/s?permanent=true").body()).isEqualTo("[2]");
        assertThat(get("/subjects?deleted=true").body()).isEqualTo("[]");
        assertThat(delete("/subjects/s").errorCode()).isEqualTo(40401);

        assertThat(register("s", ORDER)).as("ids continue").isEqualTo(3);
    }

    @Test
    void shouldGiveConsistentIdsToConcurrentRegistrations() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            java.util.List<java.util.concurrent.Future<int[]>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i % 8;
                futures.add(pool.submit(() -> new int[] {n,
                    register("subject-" + n, "{\"type\":\"record\",\"name\":\"R" + n + "\",\"fields\":[]}")}));
            }
            java.util.Map<Integer, java.util.Set<Integer>> idsBySchema = new java.util.HashMap<>();
            for (java.util.concurrent.Future<int[]> f : futures) {
                int[] r = f.get();
                idsBySchema.computeIfAbsent(r[0], k -> new java.util.HashSet<>()).add(r[1]);
            }
            assertThat(idsBySchema.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            assertThat(idsBySchema.values().stream().flatMap(java.util.Set::stream).sorted().toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(get("/subjects/subject-3/versions").body()).isEqualTo("[1]");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldServeTheSameRegistryInProcess() throws Exception {
        int id = register("users-value", USER_V1);
        try (SchemaRegistryClient local = server.localClient()) {
            assertThat(local.getById(id)).isEqualTo(new Schema.Parser().parse(USER_V1));
        }
    }

    @Test
    void shouldRefuseAPortInUseNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            SchemaRegistryServerConfig config = SchemaRegistryServerConfig.ephemeral().withPort(taken.getLocalPort());
            assertThatThrownBy(() -> SchemaRegistryServer.start(config))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                .hasMessageContaining("in use");
        }
    }
}
