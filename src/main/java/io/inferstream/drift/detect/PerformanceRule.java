package io.inferstream.drift.detect;

import java.util.Optional;

/**
 * Judges a window's performance metric against the metric's own baseline: the mean of its first
 * {@link #WARMUP_WINDOWS} windows (no verdict before), then an exponential moving average (weight {@link
 * #BASELINE_WEIGHT}) of the windows that were not judged degraded, so that a degradation does not drag its own baseline
 * along while a slow improvement raises it. A window is WARNING or CRITICAL when it is worse than the baseline by the
 * rule's levels, either a share of the baseline ({@code relative}) or an absolute difference.
 *
 * <p>Levels per metric ({@link #forMetric}): recall@N a relative drop of 20% / 40%; AUC and accuracy an absolute drop of
 * 0.05 / 0.10; log loss a relative rise of 15% / 30%; expected calibration error an absolute rise of 0.05 / 0.10. At
 * the demo's and the tests' window sizes (a few thousand labelled results) these are several standard errors of a
 * window's metric, so with the hysteresis (2 windows to raise) a stable model raises no alert (measured in
 * PerformanceScenariosTest). Pure: the caller keeps the baseline state.
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

    /** The rule of a metric, empty for metrics that do not alert. */
    public static Optional<PerformanceRule> forMetric(String metric) {
        if (metric.startsWith("recall_at_")) {
            return Optional.of(new PerformanceRule(true, true, 0.2, 0.4));
        }
        return switch (metric) {
            case "auc", "accuracy" -> Optional.of(new PerformanceRule(true, false, 0.05, 0.10));
            case "log_loss" -> Optional.of(new PerformanceRule(false, true, 0.15, 0.30));
            case "expected_calibration_error" -> Optional.of(new PerformanceRule(false, false, 0.05, 0.10));
            default -> Optional.empty();
        };
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
