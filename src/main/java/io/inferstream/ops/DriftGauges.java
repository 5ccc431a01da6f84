package io.inferstream.ops;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.avro.Severity;
import io.inferstream.ops.alerts.OpenAlerts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drift as gauges, from the records on model-drift-metrics and model-drift-alerts:
 * <ul>
 *   <li>{@code inferstream.drift.metric} [model, version, feature, metric]: the latest value of each statistic over
 *       all traffic (segmented metrics are left to the topic: a segment is not a contract tag, and last-of-any-segment
 *       would mix them);</li>
 *   <li>{@code inferstream.drift.alerts.open} [model, severity]: alerts firing now ({@link OpenAlerts}), 0 once they
 *       resolved.</li>
 * </ul>
 * Fed by one thread; read by the scraper's.
 */
public final class DriftGauges {

    public static final String METRIC = "inferstream.drift.metric";
    public static final String ALERTS_OPEN = "inferstream.drift.alerts.open";

    private record MetricKey(String model, long version, String feature, String metric) { }

    private record AlertKey(String model, String severity) { }

    private final MeterRegistry meters;
    /** Values as raw double bits: a gauge reads them lock-free. */
    private final ConcurrentMap<MetricKey, AtomicLong> values = new ConcurrentHashMap<>();
    private final ConcurrentMap<AlertKey, AtomicLong> open = new ConcurrentHashMap<>();
    private final OpenAlerts alerts = new OpenAlerts();

    public DriftGauges(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Records a statistic's latest value (segmented ones are skipped). */
    public void apply(DriftMetric m) {
        if (m.getSegment() != null) {
            return;
        }
        MetricKey key = new MetricKey(m.getModel(), m.getModelVersion(), m.getFeature(), m.getMetric());
        values.computeIfAbsent(key, k -> {
            AtomicLong bits = new AtomicLong();
            Gauge.builder(METRIC, bits, b -> Double.longBitsToDouble(b.get()))
                .description("Latest value of a drift statistic (psi, ks, ...) or performance measure, over all traffic")
                .tags("model", k.model(), "version", Long.toString(k.version()), "feature", k.feature(), "metric", k.metric())
                .strongReference(true)
                .register(meters);
            return bits;
        }).set(Double.doubleToRawLongBits(m.getValue()));
    }

    /** Applies an alert's state change and recounts the open alerts per model and severity. */
    public synchronized void apply(DriftAlert a) {
        alerts.apply(a);
        Map<AlertKey, Long> counts = new HashMap<>();
        for (OpenAlerts.Open o : alerts.open()) {
            counts.merge(key(o.latest().getModel(), o.latest().getSeverity()), 1L, Long::sum);
        }
        // The changed alert's model gets gauges for every severity, so a resolved alert reads 0 rather than vanishing.
        for (Severity s : Severity.values()) {
            gauge(key(a.getModel(), s));
        }
        open.forEach((k, v) -> v.set(counts.getOrDefault(k, 0L)));
    }

    private static AlertKey key(String model, Severity severity) {
        return new AlertKey(model, severity.name().toLowerCase(Locale.ROOT));
    }

    private void gauge(AlertKey key) {
        open.computeIfAbsent(key, k -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder(ALERTS_OPEN, count, AtomicLong::get)
                .description("Drift alerts firing now")
                .tags("model", k.model(), "severity", k.severity())
                .strongReference(true)
                .register(meters);
            return count;
        });
    }
}
