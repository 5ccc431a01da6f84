package io.inferstream.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/**
 * {@code GET /metrics}: the instance's meter registry in Prometheus' text format (0.0.4), or in OpenMetrics when the
 * scraper asks for it in {@code Accept} (Prometheus does, which also carries exemplars and {@code _created}).
 */
public final class MetricsEndpoint {

    public static final String PATH = "/metrics";
    /** The two formats' media types, as the Prometheus client's writers (on the runtime classpath only) name them. */
    public static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text";

    private final PrometheusMeterRegistry meters;

    public MetricsEndpoint(PrometheusMeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    public void register(OpsHttpServer server) {
        server.get(PATH, request -> {
            String contentType = request.header("Accept").filter(a -> a.contains(OPENMETRICS)).isPresent()
                ? OPENMETRICS_FORMAT : TEXT_FORMAT;
            return OpsResponse.text(200, contentType, meters.scrape(contentType));
        });
    }
}
