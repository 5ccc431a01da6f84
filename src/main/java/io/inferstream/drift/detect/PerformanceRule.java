package io.inferstream.drift.detect;

import io.inferstream.config.DriftThresholds;
import io.inferstream.config.PerformanceThresholds;
import java.util.Optional;

/**
 * Judges a window's performance metric against the metric's own baseline: the mean of its first
 * {@link #WARMUP_WINDOWS} windows (no verdict before), then an exponential moving average (weight {@link
 * #BASELINE_WEIGHT}) of the windows that were not judged degraded, so that a degradation does not drag its own baseline
 * along while a slow improvement raises it. A window is WARNING or CRITICAL when it is worse than the baseline by the
 * rule's levels, either a share of the baseline ({@code relative}) or an absolute difference.
 *
 * <p>Levels per metric ({@link #forMetric(String, PerformanceThresholds)}) from the keys
 * {@code drift.threshold.<key>.warning|critical} ({@link PerformanceThresholds}); the kind of level and its direction
 * are the metric's: recall@N (key {@code recall}) a relative drop, default 20% / 40%; AUC and accuracy (keys
 * {@code auc}, {@code accuracy}) an absolute drop, default 0.05 / 0.10; log loss (key {@code log.loss}) a relative
 * rise, default 15% / 30%; expected calibration error (key {@code calibration.error}) an absolute rise, default
 * 0.05 / 0.10. At the demo's
 * and the tests' window sizes (a few thousand labelled results) the defaults are several standard errors of a window's
 * metric, so with the hysteresis (2 windows to raise) a stable model raises no alert (measured in
 * PerformanceScenariosTest, with {@link #forMetric(String)}, the defaults). Pure: the caller keeps the baseline state.
 *
 * <p>The level a window is compared with moves with the baseline ({@link #threshold}), so it is carried by the alert
 * ({@code DriftAlert.threshold}), not by the published metric: the performance metrics' {@code DriftMetric}s have no
 * warning or critical threshold.
 *
 * @param higherIsBetter true for AUC, accuracy, recall; false for losses and calibration error
 * @param relative       levels are shares of the baseline rather than absolute differences
 * @param warning        degradation that makes a window WARNING
 * @param critical       degradation that makes a window CRITICAL
 */
public record PerformanceRule(boolean higherIsBetter, boolean relative, double warning, double critical) {

    public static final double BASELINE_WEIGHT = 0.1;
    public static final int WARMUP_WINDOWS = 3;

    public PerformanceRule {
        if (!(warning > 0) || critical < warning) {
            throw new IllegalArgumentException("levels must be 0 < warning <= critical: " + warning + ", " + critical);
        }
    }

    /** The rule of a metric with the default levels, empty for metrics that do not alert. */
    public static Optional<PerformanceRule> forMetric(String metric) {
        return forMetric(metric, PerformanceThresholds.defaults());
    }

    /** The rule of a metric with the configured levels ({@code drift.threshold.*}), empty for metrics that do not alert. */
    public static Optional<PerformanceRule> forMetric(String metric, PerformanceThresholds t) {
        if (metric.startsWith("recall_at_")) {
            return Optional.of(of(true, true, t.recall()));
        }
        return switch (metric) {
            case "auc" -> Optional.of(of(true, false, t.auc()));
            case "accuracy" -> Optional.of(of(true, false, t.accuracy()));
            case "log_loss" -> Optional.of(of(false, true, t.logLoss()));
            case "expected_calibration_error" -> Optional.of(of(false, false, t.calibrationError()));
            default -> Optional.empty();
        };
    }

    private static PerformanceRule of(boolean higherIsBetter, boolean relative, DriftThresholds.Levels levels) {
        return new PerformanceRule(higherIsBetter, relative, levels.warning(), levels.critical());
    }

    /**
     * One window's verdict.
     *
     * @param severity  the window's severity (NONE while warming up)
     * @param warmingUp true while the baseline is still being formed: no verdict, the hysteresis is not stepped
     * @param baseline  the baseline the window was compared with (before this window)
     * @param next      the baseline state to keep: {baseline, windows seen}
     */
    public record Judgement(Severity severity, boolean warmingUp, double baseline, double[] next) {
    }

    /** Judges {@code value} against {@code state} ({baseline, windows seen}, or null for a metric's first window). */
    public Judgement judge(double[] state, double value) {
        if (state == null || state[1] < WARMUP_WINDOWS) {
            double seen = state == null ? 0 : state[1];
            double mean = state == null ? value : (state[0] * seen + value) / (seen + 1);
            return new Judgement(Severity.NONE, true, mean, new double[] {mean, seen + 1});
        }
        double baseline = state[0];
        Severity severity = worse(value, threshold(baseline, Severity.CRITICAL)) ? Severity.CRITICAL
            : worse(value, threshold(baseline, Severity.WARNING)) ? Severity.WARNING : Severity.NONE;
        double[] next = severity == Severity.NONE
            ? new double[] {(1 - BASELINE_WEIGHT) * baseline + BASELINE_WEIGHT * value, state[1] + 1}
            : new double[] {baseline, state[1] + 1};
        return new Judgement(severity, false, baseline, next);
    }

    private boolean worse(double value, double level) {
        return higherIsBetter ? value < level : value > level;
    }

    /** The value beyond which a window reaches {@code severity} (WARNING or CRITICAL) against {@code baseline}. */
    public double threshold(double baseline, Severity severity) {
        double level = severity == Severity.CRITICAL ? critical : warning;
        double delta = relative ? Math.abs(baseline) * level : level;
        return higherIsBetter ? baseline - delta : baseline + delta;
    }
}
