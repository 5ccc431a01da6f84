package io.inferstream.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A route's answer: status, media type, body and extra headers. Immutable; {@link #withHeader} returns a copy.
 */
public record OpsResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    /** One mapper for every JSON body: thread-safe once configured, and costly to build per response. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public OpsResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** 200 with {@code body} written by Jackson (records, maps, lists, numbers, strings). */
    public static OpsResponse json(Object body) {
        return json(200, body);
    }

    public static OpsResponse json(int status, Object body) {
        try {
            return new OpsResponse(status, JSON, MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Text in the given media type (Prometheus metrics, HTML), UTF-8. */
    public static OpsResponse text(int status, String contentType, String text) {
        return new OpsResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Any bytes (static files). */
    public static OpsResponse bytes(int status, String contentType, byte[] body) {
        return new OpsResponse(status, contentType, body.clone(), Map.of());
    }

    /** The error body {@code {"error_code": n, "message": "..."}}. */
    public static OpsResponse error(OpsHttpException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", e.errorCode());
        body.put("message", e.getMessage());
        return json(e.status(), body).withHeaders(e.headers());
    }

    public OpsResponse withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    public OpsResponse withHeaders(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(more);
        return new OpsResponse(status, contentType, body, h);
    }

    /** The body as UTF-8 text (tests, logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
