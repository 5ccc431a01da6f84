package io.inferstream.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as a route sees it: method, the path's parameters (decoded), the query's parameters (decoded, first
 * value of each), headers (names case-insensitive), and the raw path and query as received, so a request can be
 * passed on unchanged.
 *
 * @param method     upper-case HTTP method; HEAD arrives as the GET it stands for, see {@link #head()}
 * @param rawPath    path as sent, still percent-encoded
 * @param rawQuery   query string as sent (empty when none)
 * @param pathParams values of the route pattern's {@code {name}} segments
 * @param query      query parameters
 * @param headers    request headers
 * @param head       whether the client asked with HEAD (the body is not sent)
 */
public record OpsRequest(String method, String rawPath, String rawQuery, Map<String, String> pathParams,
                         Map<String, String> query, Map<String, List<String>> headers, boolean head) {

    public OpsRequest {
        pathParams = Map.copyOf(pathParams);
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> h.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(h);
        rawQuery = rawQuery == null ? "" : rawQuery;
    }

    /** The value of path parameter {@code name}; the route's pattern defines it, so it is always there. */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no path parameter {" + name + "}");
        }
        return v;
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The first value of header {@code name}. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Path and query as received: what a forwarded copy of this request asks for. */
    public String pathAndQuery() {
        return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }

    /** Query parameters of a raw query string ({@code a=1&b=x%20y}), decoded; the first of repeated names wins. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String decodeQuery(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OpsHttpException.badRequest(400, "malformed query string: " + e.getMessage());
        }
    }
}
