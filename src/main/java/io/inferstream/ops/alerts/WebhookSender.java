package io.inferstream.ops.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs JSON bodies to a webhook (java.net.http) with retries: a connection error, a timeout, a 5xx or a 429 is
 * retried after an exponential backoff ({@code initialBackoff * 2^(n-1)}, at most {@code maxBackoff}, longer when
 * the server asks for it with {@code Retry-After: SECONDS}); any other non-2xx answer is a rejection that sending
 * again would not change, so it is not retried. The caller decides what a rejection or giving up means for its
 * offsets; {@link Result} says which happened.
 */
public final class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** How a delivery ended. */
    public enum Outcome {
        /** The webhook answered 2xx. */
        DELIVERED,
        /** The webhook answered a status that is not retried (4xx other than 429, 3xx it did not follow). */
        REJECTED,
        /** Every attempt failed with a retryable error. */
        GAVE_UP
    }

    /**
     * The end of one delivery.
     *
     * @param outcome what happened
     * @param status the last HTTP status, or 0 when the last attempt got no answer
     * @param attempts requests made
     * @param detail the last error or response body (shortened), empty when delivered
     */
    public record Result(Outcome outcome, int status, int attempts, String detail) {
        public boolean delivered() {
            return outcome == Outcome.DELIVERED;
        }
    }

    /**
     * Retry settings.
     *
     * @param retries attempts after the first one (0: no retry)
     * @param initialBackoff wait before the first retry
     * @param maxBackoff longest wait between attempts
     */
    public record RetryPolicy(int retries, Duration initialBackoff, Duration maxBackoff) {
        public RetryPolicy {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + retries);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= initial backoff <= max backoff: " + initialBackoff + ", " + maxBackoff);
            }
        }

        /** The wait before retry {@code n} (1-based). */
        public Duration backoff(int n) {
            Duration d = initialBackoff;
            for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
    }

    /** Waits between attempts; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final int DETAIL_CHARS = 300;

    private final URI url;
    private final Map<String, String> headers;
    private final RetryPolicy policy;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final Sleeper sleeper;

    /**
     * @param url where to POST
     * @param headers extra request headers (e.g. {@code Authorization}); they replace defaults of the same name
     * @param policy retries and backoff
     * @param requestTimeout longest wait for one answer (and for connecting)
     */
    public WebhookSender(URI url, Map<String, String> headers, RetryPolicy policy, Duration requestTimeout) {
        this(url, headers, policy, requestTimeout,
            HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NORMAL).build(),
            d -> Thread.sleep(d.toMillis()));
    }

    WebhookSender(URI url, Map<String, String> headers, RetryPolicy policy, Duration requestTimeout, HttpClient client,
                  Sleeper sleeper) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("webhook URL must be http or https: " + url);
        }
        this.url = url;
        this.headers = new LinkedHashMap<>(headers);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.requestTimeout = requestTimeout;
        this.client = client;
        this.sleeper = sleeper;
        request(new byte[0]); // fails now on a header java.net.http refuses (Host, Content-Length, ...), not per alert
    }

    /** The target URL. */
    public URI url() {
        return url;
    }

    /** POSTs {@code json}, retrying as the policy allows. Interrupted: stops waiting and rethrows. */
    public Result post(byte[] json) throws InterruptedException {
        HttpRequest request = request(json);
        int attempts = 0;
        while (true) {
            attempts++;
            int status = 0;
            String detail;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                detail = shorten(response.body());
                if (status >= 200 && status < 300) {
                    return new Result(Outcome.DELIVERED, status, attempts, "");
                }
                if (status < 500 && status != 429) {
                    log.error("Webhook {} rejected a notification with HTTP {} (not retried): {}", url, status, detail);
                    return new Result(Outcome.REJECTED, status, attempts, detail);
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookSender::seconds);
            } catch (IOException e) {
                detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempts > policy.retries()) {
                log.error("Webhook {} failed {} times, giving up: {}{}", url, attempts, status == 0 ? "" : "HTTP " + status + " ", detail);
                return new Result(Outcome.GAVE_UP, status, attempts, detail);
            }
            Duration wait = policy.backoff(attempts);
            if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
                wait = retryAfter.get().compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : retryAfter.get();
            }
            log.warn("Webhook {} attempt {} failed ({}{}); retrying in {} ms", url, attempts,
                status == 0 ? "" : "HTTP " + status + " ", detail, wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    private HttpRequest request(byte[] json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        try {
            headers.forEach(b::setHeader);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook header refused: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the exponential backoff applies
        }
    }

    private static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() <= DETAIL_CHARS ? one : one.substring(0, DETAIL_CHARS) + "...";
    }
}
