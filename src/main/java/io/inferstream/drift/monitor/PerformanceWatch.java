package io.inferstream.drift.monitor;

import io.inferstream.avro.AlertStatus;
import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftMetric;
import io.inferstream.config.PerformanceThresholds;
import io.inferstream.drift.label.PerformanceMetrics;
import io.inferstream.drift.detect.AlertState;
import io.inferstream.drift.detect.Hysteresis;
import io.inferstream.drift.detect.PerformanceRule;
import io.inferstream.drift.detect.Severity;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Alerts on the performance metrics on model-drift-metrics (DriftMetric, kind PERFORMANCE): the recommender's
 * prequential recall@N ({@code recall_at_<N>}) and the label metrics of the drift topology's own label join (log loss,
 * AUC, accuracy, expected calibration error). Each metric is judged against its own baseline (the first {@link
 * PerformanceRule#WARMUP_WINDOWS} windows, then a moving average of healthy windows) by its {@link PerformanceRule}
 * with the configured levels ({@code drift.threshold.*}, {@link PerformanceThresholds}), and the same {@link
 * Hysteresis} as the distribution alerts turns windows into FIRING/RESOLVED alerts. A label-metric window with fewer
 * than {@code drift.label.min.samples} labelled results gets no verdict.
 */
final class PerformanceWatch implements Processor<String, DriftMetric, String, DriftAlert> {

    static final String NAME = "drift-performance-watch";

    private final Hysteresis hysteresis;
    private final long labelMinSamples;
    private final PerformanceThresholds thresholds;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, double[]> baselines;
    private KeyValueStore<String, AlertState> alerts;

    PerformanceWatch(Hysteresis hysteresis, long labelMinSamples, PerformanceThresholds thresholds) {
        this.hysteresis = hysteresis;
        this.labelMinSamples = labelMinSamples;
        this.thresholds = thresholds;
    }

    /**
     * Whether a metric is one this processor watches: a performance measure with a {@link PerformanceRule} (which
     * metrics have one does not depend on the levels).
     */
    static boolean watched(DriftMetric m) {
        return m != null && m.getKind() == DriftKind.PERFORMANCE && PerformanceRule.forMetric(m.getMetric()).isPresent()
            && Double.isFinite(m.getValue());
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.baselines = context.getStateStore(DriftStores.PERFORMANCE_BASELINES);
        this.alerts = context.getStateStore(DriftStores.PERFORMANCE_ALERTS);
    }

    @Override
    public void process(Record<String, DriftMetric> record) {
        DriftMetric m = record.value();
        if (!watched(m) || PerformanceMetrics.FROM_LABELS.contains(m.getMetric()) && m.getCurrentCount() < labelMinSamples) {
            return;
        }
        PerformanceRule rule = PerformanceRule.forMetric(m.getMetric(), thresholds).orElseThrow();
        String id = m.getModel() + "/" + m.getModelVersion() + "/" + m.getFeature() + "/" + m.getMetric();
        double value = m.getValue();
        PerformanceRule.Judgement j = rule.judge(baselines.get(id), value);
        baselines.put(id, j.next());
        if (j.warmingUp()) {
            return;
        }
        double baseline = j.baseline();
        AlertState state = alerts.get(id);
        Hysteresis.Step step = hysteresis.step(state == null ? AlertState.QUIET : state, j.severity());
        alerts.put(id, step.state());
        if (step.event() == Hysteresis.Event.NONE) {
            return;
        }
        boolean firing = step.event() != Hysteresis.Event.CLEARED;
        Severity shown = firing ? step.state().severity() : Severity.NONE;
        double threshold = rule.threshold(baseline, shown == Severity.CRITICAL ? Severity.CRITICAL : Severity.WARNING);
        String message = String.format(Locale.ROOT, "performance drift of %s v%d %s %s: %.4f vs baseline %.4f (threshold %.4f), %d evaluated",
            m.getModel(), m.getModelVersion(), m.getMetric(), firing ? step.event().name().toLowerCase(Locale.ROOT) : "resolved",
            value, baseline, threshold, m.getCurrentCount());
        DriftAlert alert = DriftAlert.newBuilder().setAlertId(id).setModel(m.getModel()).setModelVersion(m.getModelVersion())
            .setFeature(m.getFeature()).setSegment(m.getSegment()).setMetric(m.getMetric())
            .setSeverity(switch (shown) {
                case NONE -> io.inferstream.avro.Severity.INFO;
                case WARNING -> io.inferstream.avro.Severity.WARNING;
                case CRITICAL -> io.inferstream.avro.Severity.CRITICAL;
            })
            .setStatus(firing ? AlertStatus.FIRING : AlertStatus.RESOLVED).setValue(value).setThreshold(threshold)
            .setWindowStart(m.getWindowStart()).setWindowEnd(m.getWindowEnd()).setMessage(message)
            .setFiredAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(id, alert, record.timestamp()));
    }
}
