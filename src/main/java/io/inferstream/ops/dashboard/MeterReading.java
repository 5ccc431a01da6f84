package io.inferstream.ops.dashboard;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The pipeline's meters at one instant, as running totals: what {@link PipelineStatus#between} turns into rates and
 * recent latency quantiles. Immutable.
 *
 * @param nanoTime        when it was read ({@link System#nanoTime()} or a test clock)
 * @param epochMillis     the same instant as wall-clock time, for charts
 * @param requestsScored  {@code inferstream.requests.scored}, all models, versions and roles
 * @param userEvents      {@code inferstream.recommend.events}, all types
 * @param feeds           {@code inferstream.recommend.feeds}
 * @param deadLetters     {@code inferstream.dead.letters}, all topologies and codes
 * @param requestLatency  {@code inferstream.request.latency}, all models
 * @param modelLatency    {@code inferstream.model.latency}, all models and versions
 * @param batchRows       {@code inferstream.batch.size}: rows in all batches
 * @param batches         {@code inferstream.batch.size}: number of batches
 * @param serving         {@code inferstream.model.serving}, one entry per model, version and role
 * @param openAlerts      {@code inferstream.drift.alerts.open}, summed per severity
 */
public record MeterReading(long nanoTime, long epochMillis, double requestsScored, double userEvents, double feeds,
                           double deadLetters, Histogram requestLatency, Histogram modelLatency, double batchRows,
                           double batches, List<Serving> serving, Map<String, Double> openAlerts) {

    public MeterReading {
        Objects.requireNonNull(requestLatency, "requestLatency");
        Objects.requireNonNull(modelLatency, "modelLatency");
        serving = List.copyOf(serving);
        // Sorted, so they read the same every time (CRITICAL before WARNING).
        openAlerts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(openAlerts));
    }

    /**
     * A model version's traffic share on this instance.
     *
     * @param role  primary, canary or shadow
     * @param share in [0, 1]; a shadow sees all traffic (1.0) without answering it
     */
    public record Serving(String model, String version, String role, double share) {
    }

    /**
     * A timer's running totals: count, total time, and the histogram's buckets as upper bound (seconds) to the count
     * of values at or below it (Prometheus' {@code le} buckets). No buckets when the timer publishes no histogram.
     */
    public record Histogram(long count, double totalSeconds, NavigableMap<Double, Double> buckets) {

        public static final Histogram EMPTY = new Histogram(0, 0, new TreeMap<>());

        public Histogram {
            buckets = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(buckets));
        }

        /** The sum of two timers' totals; buckets of equal bounds add up (timers of one name share their bounds). */
        Histogram plus(Histogram other) {
            TreeMap<Double, Double> sum = new TreeMap<>(buckets);
            other.buckets.forEach((bound, n) -> sum.merge(bound, n, Double::sum));
            return new Histogram(count + other.count, totalSeconds + other.totalSeconds, sum);
        }
    }
}
