package io.inferstream.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.inferstream.registry.CompatibilityCheck;
import io.inferstream.registry.CompatibilityLevel;
import io.inferstream.registry.RegisteredSchema;
import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confluent Schema Registry REST API v1 over a {@link SchemaRegistryService}: routing, request parsing and
 * Confluent's response and error bodies. Each request is answered; failures as
 * {@code {"error_code": n, "message": "..."}} with Confluent's HTTP status, never a stack trace.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Request media types Confluent's resources consume. */
    private static final Set<String> ACCEPTED = Set.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
        "application/json", "application/octet-stream");
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final SchemaRegistryService registry;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHttpHandler(SchemaRegistryService registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A response: status, body and its media type. */
    private record Response(int status, byte[] body, String contentType) {
    }

    /** An HTTP-level failure (404 path, 405, 400 JSON, 415, ...) with Confluent's generic error body. */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            Response response;
            try {
                response = route(new Request(exchange));
            } catch (RegistryException e) {
                response = error(e.httpStatus(), e.errorCode(), e.detail());
            } catch (HttpError e) {
                response = error(e.status, e.status, e.getMessage());
            } catch (RuntimeException e) {
                log.error("Unexpected error answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                response = error(500, 500, "Internal Server Error: " + e);
            }
            log.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), response.status());
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (IOException e) {
            log.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
        }
    }

    // ------------------------------------------------------------------ routing

    private Response route(Request req) {
        List<String> p = req.segments;
        if (p.isEmpty()) {
            return on(req, Map.of("GET", () -> ok(json.createObjectNode())));
        }
        switch (p.get(0)) {
            case "schemas":
                return schemas(req, p);
            case "subjects":
                return subjects(req, p);
            case "config":
                return config(req, p);
            case "compatibility":
                if ((p.size() == 4 || p.size() == 5) && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    String version = p.size() == 5 ? p.get(4) : SchemaRegistryService.LATEST;
                    return on(req, Map.of("POST", () -> testCompatibility(req, p.get(2), version)));
                }
                break;
            case "mode":
                if (p.size() == 1) {
                    return on(req, Map.of("GET", () -> ok(json.createObjectNode().put("mode", "READWRITE"))));
                }
                break;
            default:
                break;
        }
        throw notFound();
    }

    private Response schemas(Request req, List<String> p) {
        if (p.size() == 1) {
            return on(req, Map.of("GET", () -> {
                ArrayNode out = json.createArrayNode();
                registry.schemas(req.query.get("subjectPrefix"), req.flag("deleted"), req.flag("latestOnly"))
                    .forEach(s -> out.add(versionBody(s)));
                return ok(out);
            }));
        }
        if (p.size() == 2 && p.get(1).equals("types")) {
            return on(req, Map.of("GET", () -> ok(json.createArrayNode().add(SchemaRegistryService.AVRO))));
        }
        if (p.size() >= 3 && p.size() <= 4 && p.get(1).equals("ids")) {
            int id = pathInt(p.get(2));
            if (p.size() == 3) {
                return on(req, Map.of("GET", () -> {
                    RegisteredSchema s = registry.getById(id);
                    ObjectNode body = json.createObjectNode();
                    if (!SchemaRegistryService.AVRO.equals(s.schemaType())) {
                        body.put("schemaType", s.schemaType());
                    }
                    return ok(body.put("schema", s.schema()));
                }));
            }
            switch (p.get(3)) {
                case "schema":
                    return on(req, Map.of("GET", () -> raw(registry.getById(id).schema())));
                case "subjects":
                    return on(req, Map.of("GET", () -> ok(json.valueToTree(registry.versionsOfId(id, req.flag("deleted"))
                        .stream().map(RegisteredSchema::subject).distinct().toList()))));
                case "versions":
                    return on(req, Map.of("GET", () -> {
                        ArrayNode out = json.createArrayNode();
                        registry.versionsOfId(id, req.flag("deleted")).forEach(s ->
                            out.addObject().put("subject", s.subject()).put("version", s.version()));
                        return ok(out);
                    }));
                default:
                    break;
            }
        }
        throw notFound();
    }

    private Response subjects(Request req, List<String> p) {
        if (p.size() == 1) {
            return on(req, Map.of("GET", () -> ok(json.valueToTree(registry.subjects(req.flag("deleted"))))));
        }
        String subject = p.get(1);
        if (p.size() == 2) {
            return on(req, Map.of(
                "POST", () -> {
                    JsonNode body = req.jsonBody();
                    return ok(versionBody(registry.lookup(subject, text(body, "schema"), text(body, "schemaType"),
                        req.flag("deleted"))));
                },
                "DELETE", () -> ok(json.valueToTree(registry.deleteSubject(subject, req.flag("permanent"))))));
        }
        if (!p.get(2).equals("versions")) {
            throw notFound();
        }
        if (p.size() == 3) {
            return on(req, Map.of(
                "GET", () -> ok(json.valueToTree(registry.versions(subject, req.flag("deleted")))),
                "POST", () -> {
                    JsonNode body = req.jsonBody();
                    int id = registry.register(subject, text(body, "schema"), text(body, "schemaType"), references(body));
                    return ok(json.createObjectNode().put("id", id));
                }));
        }
        String version = p.get(3);
        if (p.size() == 4) {
            return on(req, Map.of(
                "GET", () -> ok(versionBody(registry.getVersion(subject, version, req.flag("deleted")))),
                "DELETE", () -> ok(json.getNodeFactory().numberNode(
                    registry.deleteVersion(subject, version, req.flag("permanent"))))));
        }
        if (p.size() == 5 && p.get(4).equals("schema")) {
            return on(req, Map.of("GET", () -> raw(registry.getVersion(subject, version, req.flag("deleted")).schema())));
        }
        if (p.size() == 5 && p.get(4).equals("referencedby")) {
            // References are not supported, so nothing refers to anything; the version must exist.
            return on(req, Map.of("GET", () -> {
                registry.getVersion(subject, version, true);
                return ok(json.createArrayNode());
            }));
        }
        throw notFound();
    }

    private Response config(Request req, List<String> p) {
        if (p.size() == 1) {
            return on(req, Map.of(
                "GET", () -> ok(levelBody("compatibilityLevel", registry.globalCompatibility())),
                "PUT", () -> ok(levelBody("compatibility", registry.setGlobalCompatibility(level(req.jsonBody())))),
                "DELETE", () -> ok(levelBody("compatibilityLevel", registry.deleteGlobalCompatibility()))));
        }
        if (p.size() == 2) {
            String subject = p.get(1);
            return on(req, Map.of(
                "GET", () -> {
                    CompatibilityLevel level = req.flag("defaultToGlobal")
                        ? registry.effectiveCompatibility(subject)
                        : registry.subjectCompatibility(subject).orElseThrow(() -> new RegistryException(404,
                            RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + subject + "' does not have subject-level compatibility configured"));
                    return ok(levelBody("compatibilityLevel", level));
                },
                "PUT", () -> ok(levelBody("compatibility", registry.setSubjectCompatibility(subject, level(req.jsonBody())))),
                "DELETE", () -> ok(levelBody("compatibilityLevel", registry.deleteSubjectCompatibility(subject)))));
        }
        throw notFound();
    }

    private Response testCompatibility(Request req, String subject, String version) {
        JsonNode body = req.jsonBody();
        CompatibilityCheck check = registry.testCompatibility(subject, version, text(body, "schema"), text(body, "schemaType"));
        ObjectNode out = json.createObjectNode().put("is_compatible", check.compatible());
        if (req.flag("verbose")) {
            ArrayNode messages = out.putArray("messages");
            check.messages().forEach(messages::add);
        }
        return ok(out);
    }

    /** Dispatches on the method; a known path with another method is Confluent's 405. */
    private static Response on(Request req, Map<String, Supplier<Response>> handlers) {
        String method = "HEAD".equals(req.method) ? "GET" : req.method;
        Supplier<Response> handler = handlers.get(method);
        if (handler == null) {
            throw new HttpError(405, "HTTP 405 Method Not Allowed");
        }
        return handler.get();
    }

    // ------------------------------------------------------------------ bodies

    private ObjectNode versionBody(RegisteredSchema s) {
        ObjectNode body = json.createObjectNode().put("subject", s.subject()).put("version", s.version()).put("id", s.id());
        if (!SchemaRegistryService.AVRO.equals(s.schemaType())) {
            body.put("schemaType", s.schemaType());
        }
        return body.put("schema", s.schema());
    }

    private ObjectNode levelBody(String field, CompatibilityLevel level) {
        return json.createObjectNode().put(field, level.name());
    }

    /** PUT /config body: {"compatibility": "..."} (also "compatibilityLevel", as newer Confluent clients send). */
    private static CompatibilityLevel level(JsonNode body) {
        String name = text(body, "compatibility");
        return SchemaRegistryService.parseLevel(name != null ? name : text(body, "compatibilityLevel"));
    }

    /** A string field; numbers and booleans coerce as Jackson does for Confluent; objects and arrays are 422. */
    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isContainerNode()) {
            throw new RegistryException(422, 422, "Unprocessable Entity: field '" + field + "' must be a string");
        }
        return n.asText();
    }

    private static List<Object> references(JsonNode body) {
        JsonNode n = body.get("references");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new RegistryException(422, 422, "Unprocessable Entity: field 'references' must be an array");
        }
        List<Object> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private Response ok(JsonNode body) {
        try {
            return new Response(200, json.writeValueAsBytes(body), CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static Response raw(String text) {
        return new Response(200, text.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
    }

    private Response error(int status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        try {
            return new Response(status, json.writeValueAsBytes(body), CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static HttpError notFound() {
        return new HttpError(404, "HTTP 404 Not Found");
    }

    private static int pathInt(String segment) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    // ------------------------------------------------------------------ request

    /** The parts of a request the routes need: decoded path segments, query flags, JSON body. */
    private final class Request {
        final String method;
        final List<String> segments;
        final Map<String, String> query;
        private final HttpExchange exchange;

        Request(HttpExchange exchange) {
            this.exchange = exchange;
            this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            this.segments = segments(exchange.getRequestURI().getRawPath());
            this.query = query(exchange.getRequestURI().getRawQuery());
        }

        boolean flag(String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }

        /** The body as a JSON object; an empty body is {@code {}} (each field then reports itself missing). */
        JsonNode jsonBody() {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                if (!media.isEmpty() && !ACCEPTED.contains(media)) {
                    throw new HttpError(415, "HTTP 415 Unsupported Media Type: use " + CONTENT_TYPE);
                }
            }
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readNBytes(MAX_BODY + 1);
            } catch (IOException e) {
                throw new HttpError(400, "Cannot read the request body: " + e.getMessage());
            }
            if (bytes.length > MAX_BODY) {
                throw new HttpError(413, "Request body larger than " + MAX_BODY + " bytes");
            }
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return json.createObjectNode();
            }
            JsonNode node;
            try {
                node = json.readTree(bytes);
            } catch (IOException e) {
                throw new HttpError(400, "Malformed JSON body: " + firstLine(e.getMessage()));
            }
            if (node == null || !node.isObject()) {
                throw new RegistryException(422, 422, "Unprocessable Entity: the request body must be a JSON object");
            }
            return node;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * Splits and percent-decodes the path, so a subject may hold any character ({@code %2F} for '/'). '+' is
     * literal in a path, unlike in a query, hence the escape before {@link URLDecoder}.
     */
    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (parts[i].isEmpty()) {
                if (last) {
                    break; // a trailing slash
                }
                throw notFound();
            }
            out.add(decode(parts[i].replace("+", "%2B")));
        }
        return out;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "Malformed percent-encoding in '" + s + "'");
        }
    }
}
