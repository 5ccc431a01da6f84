package io.inferstream.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the route for a request and writes its answer. Routes are tried most specific first
 * ({@link RoutePattern#MOST_SPECIFIC_FIRST}); a path that matches some pattern but none for its method is a 405
 * with {@code Allow}, a path no pattern matches a 404. HEAD is answered by the GET route without the body. Every
 * failure gets the JSON error body, never a stack trace.
 */
final class OpsDispatcher implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(OpsDispatcher.class);

    private record Route(String method, RoutePattern pattern, OpsHandler handler) {
    }

    /** Replaced as a whole on registration (rare), read without a lock on every request. */
    private volatile List<Route> routes = List.of();

    synchronized void add(String method, String pattern, OpsHandler handler) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("HEAD")) {
            throw new IllegalArgumentException("HEAD is answered by the GET route; register GET " + pattern);
        }
        RoutePattern parsed = RoutePattern.parse(pattern);
        for (Route r : routes) {
            if (r.method.equals(m) && r.pattern.shape().equals(parsed.shape())) {
                throw new IllegalArgumentException(m + " " + pattern + " is already registered");
            }
        }
        List<Route> next = new ArrayList<>(routes);
        next.add(new Route(m, parsed, handler));
        next.sort((a, b) -> RoutePattern.MOST_SPECIFIC_FIRST.compare(a.pattern, b.pattern));
        routes = List.copyOf(next);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        try {
            OpsResponse response;
            try {
                response = dispatch(exchange, method);
            } catch (OpsHttpException e) {
                response = OpsResponse.error(e);
            } catch (RuntimeException e) {
                log.error("Unexpected error answering {} {}", method, exchange.getRequestURI(), e);
                response = OpsResponse.error(new OpsHttpException(500, 500, "internal error: " + e));
            }
            log.debug("{} {} -> {}", method, exchange.getRequestURI(), response.status());
            write(exchange, response, method.equals("HEAD"));
        } catch (IOException e) {
            log.debug("Could not answer {} {}: {}", method, exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private OpsResponse dispatch(HttpExchange exchange, String method) {
        boolean head = method.equals("HEAD");
        String lookup = head ? "GET" : method;
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = RoutePattern.split(rawPath == null ? "/" : rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.pattern.match(segments);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method.equals(lookup)) {
                String rawQuery = exchange.getRequestURI().getRawQuery();
                OpsRequest request = new OpsRequest(lookup, rawPath, rawQuery, params.get(), OpsRequest.parseQuery(rawQuery),
                    exchange.getRequestHeaders(), head);
                return route.handler.handle(request);
            }
            allowed.add(route.method);
        }
        if (allowed.isEmpty()) {
            throw OpsHttpException.notFound(404, "no such path: " + rawPath);
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        throw new OpsHttpException(405, 405, "method " + method + " not allowed on " + rawPath + "; allowed: "
            + String.join(", ", allowed), Map.of(OpsHeaders.ALLOW, String.join(", ", allowed)));
    }

    private static void write(HttpExchange exchange, OpsResponse response, boolean head) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set(OpsHeaders.CONTENT_TYPE, response.contentType());
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length == 0 ? -1 : response.body().length);
        if (!head && response.body().length > 0) {
            exchange.getResponseBody().write(response.body());
        }
    }
}
