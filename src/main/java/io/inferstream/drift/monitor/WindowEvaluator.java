package io.inferstream.drift.monitor;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.DriftRule;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.detect.Severity;
import io.inferstream.drift.detect.Threshold;
import io.inferstream.drift.detect.Verdict;
import io.inferstream.drift.stats.CategoricalDriftStatistics;
import io.inferstream.drift.stats.DriftMeasurement;
import io.inferstream.drift.stats.MetricNames;
import io.inferstream.drift.stats.NumericDriftStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges one closed window of one quantity against its reference: the same statistics as {@code drift compare}
 * ({@link NumericDriftStatistics#DEFAULT}, {@link CategoricalDriftStatistics}), one {@link DriftMetric} per
 * statistic with its thresholds, the {@link DriftRule}'s verdict, and the {@link Hysteresis} step of the
 * quantity's alert; a {@link DriftAlert} only when the alert's state changes (raised, escalated, cleared).
 * Pure: the caller keeps the {@link AlertState}.
 */
public final class WindowEvaluator {

    /** The alert id's last part: one alert per quantity, judged on all its distribution metrics together. */
    public static final String METRIC_GROUP = "distribution";

    /**
     * What a window produced.
     *
     * @param metrics one record per statistic
     * @param state   the quantity's alert state after the window
     * @param alert   the state change to publish, or null
     */
    public record Evaluation(List<DriftMetric> metrics, AlertState state, DriftAlert alert) { }

    private final DriftRule rule;
    private final Hysteresis hysteresis;

    public WindowEvaluator(DriftRule rule, Hysteresis hysteresis) {
        this.rule = rule;
        this.hysteresis = hysteresis;
    }

    /** {@code <model>/<version>/<feature>[/<segment>]/distribution}. */
    public static String alertId(Quantity q) {
        return q.groupKey() + "/" + METRIC_GROUP;
    }

    public Evaluation evaluate(Quantity q, long windowStart, long windowEnd, WindowPartial reference, WindowPartial current,
                               AlertState state, long now) {
        DriftMeasurement m = q.categorical()
            ? CategoricalDriftStatistics.compare(reference.categorical(), current.categorical())
            : NumericDriftStatistics.DEFAULT.compare(reference.numeric(), current.numeric());
        List<DriftMetric> metrics = new ArrayList<>();
        for (Map.Entry<String, Double> e : m.metrics().entrySet()) {
            Threshold t = threshold(q, e.getKey());
            metrics.add(DriftMetric.newBuilder().setModel(q.model()).setModelVersion(q.version()).setFeature(q.feature())
                .setKind(q.kind()).setSegment(q.segment()).setMetric(e.getKey()).setValue(e.getValue())
                .setWarningThreshold(t == null ? null : t.warning()).setCriticalThreshold(t == null ? null : t.critical())
                .setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setReferenceCount(m.referenceCount()).setCurrentCount(m.currentCount()).build());
        }
        Verdict verdict = rule.evaluate(m);
        Hysteresis.Step step = hysteresis.step(state, verdict);
        DriftAlert alert = switch (step.event()) {
            case NONE -> null;
            case RAISED, ESCALATED -> alert(q, m, verdict, step.state().severity(), AlertStatus.FIRING, windowStart, windowEnd, now,
                step.event() == Hysteresis.Event.RAISED ? "raised" : "escalated");
            case CLEARED -> alert(q, m, verdict, Severity.NONE, AlertStatus.RESOLVED, windowStart, windowEnd, now, "resolved");
        };
        return new Evaluation(metrics, step.state(), alert);
    }

    private DriftAlert alert(Quantity q, DriftMeasurement m, Verdict verdict, Severity severity, AlertStatus status,
                             long windowStart, long windowEnd, long now, String what) {
        // The metric named is the distance that is worst against its own threshold (the first, on ties).
        String worst = null;
        Severity worstSeverity = Severity.NONE;
        for (Map.Entry<String, Severity> e : verdict.metricSeverities().entrySet()) {
            Threshold t = threshold(q, e.getKey());
            if (t != null && t.higherIsWorse() && (worst == null || e.getValue().compareTo(worstSeverity) > 0)) {
                worst = e.getKey();
                worstSeverity = e.getValue();
            }
        }
        if (worst == null) {
            worst = MetricNames.JENSEN_SHANNON;
        }
        double value = m.metrics().getOrDefault(worst, Double.NaN);
        Threshold t = threshold(q, worst);
        double threshold = t == null ? Double.NaN : severity == Severity.CRITICAL ? t.critical() : t.warning();
        io.inferstream.avro.Severity avroSeverity = switch (severity) {
            case NONE -> io.inferstream.avro.Severity.INFO;
            case WARNING -> io.inferstream.avro.Severity.WARNING;
            case CRITICAL -> io.inferstream.avro.Severity.CRITICAL;
        };
        String message = String.format(Locale.ROOT, "%s drift of %s %s v%d%s %s: %s = %.4f (threshold %.4f), %d values in window vs %d in reference",
            q.kind().name().toLowerCase(Locale.ROOT), q.categorical() ? "categorical" : "numeric", q.model() + "." + q.feature(),
            q.version(), q.segment() == null ? "" : " [segment " + q.segment() + "]", what, worst, value, threshold,
            m.currentCount(), m.referenceCount());
        return DriftAlert.newBuilder().setAlertId(alertId(q)).setModel(q.model()).setModelVersion(q.version()).setFeature(q.feature())
            .setSegment(q.segment()).setMetric(worst).setSeverity(avroSeverity).setStatus(status).setValue(value)
            .setThreshold(threshold).setWindowStart(Instant.ofEpochMilli(windowStart)).setWindowEnd(Instant.ofEpochMilli(windowEnd))
            .setMessage(message).setFiredAt(Instant.ofEpochMilli(now)).build();
    }

    private Threshold threshold(Quantity q, String metric) {
        if (metric.equals(MetricNames.KS_P_VALUE) || metric.equals(MetricNames.CHI_SQUARE_P_VALUE)) {
            return rule.pValue();
        }
        return (q.categorical() ? rule.categoricalDistances() : rule.numericDistances()).get(metric);
    }
}
