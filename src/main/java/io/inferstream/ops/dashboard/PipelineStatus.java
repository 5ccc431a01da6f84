package io.inferstream.ops.dashboard;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the pipeline did between two {@link MeterReading}s: rates per second, recent latency quantiles, and the
 * serving versions and open alerts at the later one, with its running totals. The dashboard's live tiles and charts
 * and the demo's status line are made of these. Latencies are null when nothing was timed in between (no request, or
 * a timer without histogram buckets for the quantiles); JSON writes them as null, which charts show as gaps.
 *
 * @param epochMillis            when the later reading was taken
 * @param seconds                time between the readings
 * @param requestsPerSecond      requests scored per second
 * @param eventsPerSecond        user events learned per second (recommendations)
 * @param feedsPerSecond         recommendation feeds published per second
 * @param deadLettersPerSecond   dead letters per second, all topologies
 * @param requestLatencyP50Ms    median request latency (arrival at the scoring processor to result), ms
 * @param requestLatencyP99Ms    99th percentile of the same, ms
 * @param modelLatencyP99Ms      99th percentile of one model call (per batch), ms
 * @param meanBatchRows          mean rows per model call
 * @param serving                model versions served on this instance, with their shares
 * @param openAlerts             drift alerts firing, per severity
 * @param totalRequests          requests scored since the instance started
 * @param totalEvents            user events since start
 * @param totalFeeds             feeds since start
 * @param totalDeadLetters       dead letters since start
 */
public record PipelineStatus(long epochMillis, double seconds, double requestsPerSecond, double eventsPerSecond,
                             double feedsPerSecond, double deadLettersPerSecond, Double requestLatencyP50Ms,
                             Double requestLatencyP99Ms, Double modelLatencyP99Ms, Double meanBatchRows,
                             List<MeterReading.Serving> serving, Map<String, Double> openAlerts, long totalRequests,
                             long totalEvents, long totalFeeds, long totalDeadLetters) {

    public PipelineStatus {
        serving = List.copyOf(serving);
        // Sorted, so they read the same every time (CRITICAL before WARNING).
        openAlerts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(openAlerts));
    }

    /** Drift alerts firing now, all severities. */
    public int openAlertCount() {
        return (int) Math.round(openAlerts.values().stream().mapToDouble(Double::doubleValue).sum());
    }

    /**
     * The rates and quantiles from {@code earlier} to {@code later}. A counter that went down (the instance's meters
     * were replaced) counts from zero; with no time in between, every rate is 0.
     */
    public static PipelineStatus between(MeterReading earlier, MeterReading later) {
        double seconds = Math.max(0, (later.nanoTime() - earlier.nanoTime()) / 1e9);
        MeterReading.Histogram requests = delta(earlier.requestLatency(), later.requestLatency());
        MeterReading.Histogram model = delta(earlier.modelLatency(), later.modelLatency());
        double batches = increase(earlier.batches(), later.batches());
        return new PipelineStatus(later.epochMillis(), seconds,
            rate(earlier.requestsScored(), later.requestsScored(), seconds),
            rate(earlier.userEvents(), later.userEvents(), seconds),
            rate(earlier.feeds(), later.feeds(), seconds),
            rate(earlier.deadLetters(), later.deadLetters(), seconds),
            millis(quantile(requests, 0.50)), millis(quantile(requests, 0.99)), millis(quantile(model, 0.99)),
            batches > 0 ? increase(earlier.batchRows(), later.batchRows()) / batches : null,
            later.serving(), later.openAlerts(), Math.round(later.requestsScored()), Math.round(later.userEvents()),
            Math.round(later.feeds()), Math.round(later.deadLetters()));
    }

    /** The first status of an instance: its totals, no rates yet. */
    public static PipelineStatus at(MeterReading reading) {
        return between(reading, reading);
    }

    static double rate(double before, double after, double seconds) {
        return seconds <= 0 ? 0 : increase(before, after) / seconds;
    }

    private static double increase(double before, double after) {
        return after >= before ? after - before : after;
    }

    /**
     * The values timed between two readings of a timer. Prometheus' buckets only ever grow; where one shrank the
     * histogram rotates its window (other registries), and the later reading on its own is the recent one.
     */
    static MeterReading.Histogram delta(MeterReading.Histogram before, MeterReading.Histogram after) {
        if (after.count() < before.count()) {
            return after;
        }
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Map.Entry<Double, Double> b : after.buckets().entrySet()) {
            double d = b.getValue() - before.buckets().getOrDefault(b.getKey(), 0.0);
            if (d < 0) {
                return after;
            }
            buckets.put(b.getKey(), d);
        }
        return new MeterReading.Histogram(after.count() - before.count(), after.totalSeconds() - before.totalSeconds(), buckets);
    }

    /**
     * The {@code q} quantile (seconds) of a histogram with cumulative ({@code le}) buckets, interpolated linearly
     * inside the bucket it falls in, as Prometheus' {@code histogram_quantile} does; the highest bound when it falls
     * above every bucket. Null without values or buckets.
     */
    static Double quantile(MeterReading.Histogram h, double q) {
        NavigableMap<Double, Double> buckets = h.buckets();
        if (h.count() <= 0 || buckets.isEmpty()) {
            return null;
        }
        double rank = q * h.count();
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                double inBucket = b.getValue() - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (b.getKey() - lowerBound) * fraction;
            }
            lowerBound = b.getKey();
            lowerCount = b.getValue();
        }
        return buckets.lastKey();
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : seconds * 1000;
    }
}
