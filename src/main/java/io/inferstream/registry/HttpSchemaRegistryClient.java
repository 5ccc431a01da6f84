package io.inferstream.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over HTTP: Confluent's REST API v1, usable against Confluent's registry or
 * Inferstream's embedded one.
 *
 * <p>Why the caches: serdes ask for the same (subject, schema) and id on every record; once seen, ids and schemas
 * never change for a given registry (ids are immutable), so {@link #register}, {@link #lookup} and
 * {@link #getById} answer from memory after the first call. Latest-version, subject list, config and compatibility
 * calls always go to the registry, because their answers change.
 *
 * <p>Resilience: each try walks the base URLs in turn (starting at the last one that answered) until one answers;
 * a 5xx answer or no answer at all is retried with exponential backoff, bounded by {@code maxAttempts} and
 * {@code maxRetryTime}; a 4xx is final. Registry errors become {@link RegistryException} with Confluent's
 * {@code error_code}; no answer becomes {@link RegistryUnavailableException}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Confluent's client uses this code when an error body is not the expected JSON. */
    public static final int UNPARSEABLE_RESPONSE = 50005;

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger preferredUrl = new AtomicInteger();
    private final AtomicLong requestCount = new AtomicLong();

    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;
    private final LruCache<SubjectSchema, Integer> versionsBySubjectSchema;

    private record SubjectSchema(String subject, Schema schema) { }

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.isMock()) {
            throw new IllegalArgumentException("mock:// URLs are in-process; use SchemaRegistryClients.create");
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.tls() != null) {
            b.sslContext(config.tls().createSslContext());
        }
        this.http = b.build();
        this.authorization = config.basicAuthUserInfo() == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        this.schemasById = new LruCache<>(config.cacheCapacity());
        this.idsBySubjectSchema = new LruCache<>(config.cacheCapacity());
        this.versionsBySubjectSchema = new LruCache<>(config.cacheCapacity());
    }

    public RegistryClientConfig config() {
        return config;
    }

    /** HTTP requests sent so far (each try counts): lets tests and metrics see that caches work. */
    public long requestCount() {
        return requestCount.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode res = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = intField(res, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.put(id, schema);
        return id;
    }

    @Override
    public SchemaVersion lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = idsBySubjectSchema.get(key);
        Integer version = versionsBySubjectSchema.get(key);
        if (id != null && version != null) {
            return new SchemaVersion(subject, version, id, schema);
        }
        JsonNode res = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
        SchemaVersion sv = new SchemaVersion(subject, intField(res, "version"), intField(res, "id"), schema);
        idsBySubjectSchema.put(key, sv.id());
        versionsBySubjectSchema.put(key, sv.version());
        schemasById.put(sv.id(), schema);
        return sv;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode res = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parseSchema(res);
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public SchemaVersion getVersion(String subject, int version) {
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null));
    }

    @Override
    public SchemaVersion getLatest(String subject) {
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null));
    }

    @Override
    public List<String> subjects() {
        JsonNode res = send("GET", "/subjects", null);
        List<String> out = new ArrayList<>();
        array(res, "/subjects").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public List<Integer> versions(String subject) {
        return intList(array(send("GET", "/subjects/" + enc(subject) + "/versions", null), "versions"));
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level(send("GET", "/config", null));
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        try {
            return Optional.of(level(send("GET", "/config/" + enc(subject), null)));
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
                    || e.errorCode() == RegistryException.SUBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        return level(send("PUT", "/config", levelBody(level)));
    }

    @Override
    public CompatibilityLevel setSubjectCompatibility(String subject, CompatibilityLevel level) {
        return level(send("PUT", "/config/" + enc(subject), levelBody(level)));
    }

    @Override
    public boolean testCompatibility(String subject, String version, Schema schema) {
        JsonNode res = send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/" + enc(version),
                schemaBody(schema));
        JsonNode v = res.get("is_compatible");
        if (v == null || !v.isBoolean()) {
            throw unparseable(200, "compatibility answer without is_compatible: " + res);
        }
        return v.booleanValue();
    }

    @Override
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        JsonNode res = send("DELETE", "/subjects/" + enc(subject) + (permanent ? "?permanent=true" : ""), null);
        forgetSubject(subject);
        return intList(array(res, "deleted versions"));
    }

    @Override
    public int deleteVersion(String subject, int version, boolean permanent) {
        JsonNode res = send("DELETE", "/subjects/" + enc(subject) + "/versions/" + version
                + (permanent ? "?permanent=true" : ""), null);
        forgetSubject(subject);
        if (!res.canConvertToInt()) {
            throw unparseable(200, "delete answer is not a version number: " + res);
        }
        return res.intValue();
    }

    /** Drops every cached answer. */
    public void clearCaches() {
        schemasById.clear();
        idsBySubjectSchema.clear();
        versionsBySubjectSchema.clear();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient (Java 17) has no close; its threads end when it is unreachable.
        clearCaches();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + config.urls();
    }

    // ---------------------------------------------------------------- HTTP

    private JsonNode send(String method, String path, String body) {
        long start = System.nanoTime();
        long deadline = start + config.maxRetryTime().toNanos();
        RegistryException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, body);
            } catch (RegistryException e) {
                if (!retriable(e)) {
                    throw e;
                }
                last = e;
            }
            long backoff = backoffNanos(attempt);
            if (attempt >= config.maxAttempts() || System.nanoTime() + backoff > deadline) {
                LOG.debug("Giving up on {} {} after {} tries", method, path, attempt);
                throw last;
            }
            LOG.debug("Retrying {} {} in {} ms after: {}", method, path, backoff / 1_000_000, last.getMessage());
            try {
                Thread.sleep(backoff / 1_000_000, (int) (backoff % 1_000_000));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted while retrying " + method + " " + path, ie);
            }
        }
    }

    private static boolean retriable(RegistryException e) {
        return e instanceof RegistryUnavailableException || e.httpStatus() >= 500;
    }

    private long backoffNanos(int attempt) {
        long base = config.retryBackoff().toNanos();
        long cap = config.maxRetryBackoff().toNanos();
        long b = base << Math.min(attempt - 1, 30);
        b = b < 0 || b > cap ? cap : b;
        // Up to 20% less, at random, so clients that failed together do not retry in lockstep.
        return b - (long) (b * 0.2 * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** One try: walks the URLs from the preferred one until one answers with an HTTP response. */
    private JsonNode sendOnce(String method, String path, String body) {
        List<URI> urls = config.urls();
        int first = preferredUrl.get();
        IOException lastError = null;
        for (int i = 0; i < urls.size(); i++) {
            int idx = (first + i) % urls.size();
            URI uri = resolve(urls.get(idx), path);
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                    .timeout(config.requestTimeout())
                    .header("Accept", CONTENT_TYPE);
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            if (body != null) {
                rb.header("Content-Type", CONTENT_TYPE);
                rb.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                rb.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> res;
            try {
                requestCount.incrementAndGet();
                res = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.debug("No answer from {}: {}", uri, e.toString());
                lastError = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("Interrupted during " + method + " " + uri, e);
            }
            preferredUrl.set(idx);
            return handle(method, uri, res);
        }
        throw new RegistryUnavailableException("No schema registry answered " + method + " " + path + " at "
                + urls + ": " + describe(lastError), lastError);
    }

    private static String describe(IOException e) {
        if (e == null) {
            return "no URL";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static JsonNode handle(String method, URI uri, HttpResponse<String> res) {
        int status = res.statusCode();
        String text = res.body() == null ? "" : res.body();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(text.isEmpty() ? "null" : text);
            } catch (JsonProcessingException e) {
                throw unparseable(status, method + " " + uri + " answered non-JSON: " + abbreviate(text));
            }
        }
        JsonNode err = null;
        try {
            err = JSON.readTree(text);
        } catch (JsonProcessingException ignored) {
            // handled below: a proxy or a non-registry server answered
        }
        if (err != null && err.isObject() && err.has("error_code")) {
            JsonNode msg = err.get("message");
            throw new RegistryException(status, err.get("error_code").asInt(),
                    msg == null || msg.isNull() ? "HTTP " + status + " from " + uri : msg.asText());
        }
        throw new RegistryException(status, UNPARSEABLE_RESPONSE, method + " " + uri + " answered HTTP " + status
                + " without a registry error body: " + abbreviate(text));
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    // ---------------------------------------------------------------- JSON

    private static String schemaBody(Schema schema) {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", schema.toString());
        return n.toString();
    }

    private static String levelBody(CompatibilityLevel level) {
        ObjectNode n = JSON.createObjectNode();
        n.put("compatibility", level.name());
        return n.toString();
    }

    private static Schema parseSchema(JsonNode res) {
        JsonNode type = res.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                    "Schema type " + type.asText() + " is not supported; Inferstream reads AVRO only");
        }
        JsonNode s = res.get("schema");
        if (s == null || !s.isTextual()) {
            throw unparseable(200, "answer without a schema string: " + abbreviate(res.toString()));
        }
        try {
            return new Schema.Parser().parse(s.asText());
        } catch (SchemaParseException e) {
            throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
                    "The registry returned a schema Avro cannot parse: " + e.getMessage(), e);
        }
    }

    private static SchemaVersion toVersion(JsonNode res) {
        JsonNode subject = res.get("subject");
        if (subject == null || !subject.isTextual()) {
            throw unparseable(200, "version answer without subject: " + abbreviate(res.toString()));
        }
        return new SchemaVersion(subject.asText(), intField(res, "version"), intField(res, "id"), parseSchema(res));
    }

    private static CompatibilityLevel level(JsonNode res) {
        JsonNode n = res.get("compatibilityLevel");
        if (n == null || n.isNull()) {
            n = res.get("compatibility");
        }
        if (n == null || !n.isTextual()) {
            throw unparseable(200, "config answer without compatibility level: " + abbreviate(res.toString()));
        }
        try {
            return CompatibilityLevel.valueOf(n.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(422, RegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Unknown compatibility level '" + n.asText() + "'");
        }
    }

    private static int intField(JsonNode res, String field) {
        JsonNode n = res == null ? null : res.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw unparseable(200, "answer without integer '" + field + "': "
                    + abbreviate(String.valueOf(res)));
        }
        return n.intValue();
    }

    private static JsonNode array(JsonNode res, String what) {
        if (res == null || !res.isArray()) {
            throw unparseable(200, "expected a JSON array of " + what + ", got " + abbreviate(String.valueOf(res)));
        }
        return res;
    }

    private static List<Integer> intList(JsonNode arr) {
        List<Integer> out = new ArrayList<>(arr.size());
        arr.forEach(n -> out.add(n.intValue()));
        return out;
    }

    private static RegistryException unparseable(int status, String message) {
        return new RegistryException(status, UNPARSEABLE_RESPONSE, message);
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void forgetSubject(String subject) {
        idsBySubjectSchema.removeIf(k -> k.subject().equals(subject));
        versionsBySubjectSchema.removeIf(k -> k.subject().equals(subject));
    }
}
