package io.inferstream.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes a GET on to another instance ({@code host:port} from Kafka Streams' metadata) and returns that instance's
 * answer as its own: status, body, media type, and the headers that matter to the client ({@code Retry-After} and
 * the {@code X-Inferstream-*} ones, so the client sees which instance answered). The forwarded request carries
 * {@link OpsHeaders#FORWARDED_BY}; the receiver answers it itself or refuses, which bounds a request to one hop.
 *
 * <p>An owner that does not answer in time is a 503 with {@code Retry-After}: it is usually an instance that just
 * left, and Kafka Streams hands its keys to another instance within a rebalance.
 */
public final class HttpForwarder {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final List<String> RELAYED = List.of(OpsHeaders.RETRY_AFTER, OpsHeaders.ANSWERED_BY);

    private final HttpClient client;
    private final Duration requestTimeout;

    public HttpForwarder(Duration connectTimeout, Duration requestTimeout) {
        this.client = HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        this.requestTimeout = requestTimeout;
    }

    public HttpForwarder() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Whether {@code request} was already forwarded by another instance (and so must not be forwarded again). */
    public static boolean wasForwarded(OpsRequest request) {
        return request.header(OpsHeaders.FORWARDED_BY).isPresent();
    }

    /**
     * Asks {@code target} ({@code host:port}) the same GET and returns its answer.
     *
     * @param self this instance ({@code host:port}), sent as {@link OpsHeaders#FORWARDED_BY}
     * @throws OpsHttpException 503 when the target cannot be reached or does not answer in time
     */
    public OpsResponse forward(OpsRequest request, String target, String self) {
        URI uri = URI.create("http://" + target + request.pathAndQuery());
        HttpRequest outgoing = HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header(OpsHeaders.FORWARDED_BY, self)
            .header("Accept", request.header("Accept").orElse(OpsResponse.JSON))
            .GET()
            .build();
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(outgoing, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw OpsHttpException.unavailable("instance " + target + " owns the answer but did not respond (" + e
                + "); retry once the cluster has settled", RETRY_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsHttpException.unavailable("interrupted while asking instance " + target, RETRY_AFTER);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RELAYED) {
            answer.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
        }
        String contentType = answer.headers().firstValue(OpsHeaders.CONTENT_TYPE).orElse("application/octet-stream");
        return new OpsResponse(answer.statusCode(), contentType, answer.body(), headers);
    }
}
