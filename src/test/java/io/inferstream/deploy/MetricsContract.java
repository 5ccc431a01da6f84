package io.inferstream.deploy;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus names of Inferstream's metrics as the metrics contract fixes them (Micrometer meter names rendered
 * by the Prometheus registry): what Grafana may query. Kafka Streams' own metrics (Micrometer's KafkaStreamsMetrics
 * binder) are all {@code kafka_stream_*}.
 */
final class MetricsContract {

    /** Counters and gauges: one series name each. */
    static final List<String> SINGLE = List.of(
        "inferstream_requests_scored_total",
        "inferstream_model_serving",
        "inferstream_dead_letters_total",
        "inferstream_drift_metric",
        "inferstream_drift_alerts_open",
        "inferstream_recommend_events_total",
        "inferstream_recommend_feeds_total");

    /** Timers and distribution summaries: {@code <base>_bucket|_count|_sum|_max}. */
    static final List<String> DISTRIBUTIONS = List.of(
        "inferstream_model_latency_seconds",
        "inferstream_request_latency_seconds",
        "inferstream_batch_size",
        "inferstream_recommend_item_factor_staleness",
        "inferstream_recommend_item_factor_visibility_seconds");

    static final Set<String> DISTRIBUTION_SUFFIXES = Set.of("_bucket", "_count", "_sum", "_max");

    private static final Pattern KAFKA_STREAMS = Pattern.compile("kafka_stream_[a-z0-9_]+");

    private MetricsContract() {
    }

    static boolean isContractName(String name) {
        return family(name) != null || KAFKA_STREAMS.matcher(name).matches();
    }

    /** The contract family (a {@link #SINGLE} name or a {@link #DISTRIBUTIONS} base) of a series name, or null. */
    static String family(String name) {
        if (SINGLE.contains(name)) {
            return name;
        }
        for (String base : DISTRIBUTIONS) {
            for (String suffix : DISTRIBUTION_SUFFIXES) {
                if (name.equals(base + suffix)) {
                    return base;
                }
            }
        }
        return null;
    }
}
