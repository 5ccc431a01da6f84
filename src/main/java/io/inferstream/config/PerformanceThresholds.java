package io.inferstream.config;

import io.inferstream.config.DriftThresholds.Levels;

/**
 * Warning and critical levels of the performance metrics' alerts (keys {@code drift.threshold.<metric>.warning|critical}):
 * how much worse than its own baseline a window's metric may be before the window is WARNING or CRITICAL (see
 * {@code PerformanceRule}, which knows each metric's direction). A level is a share of the baseline for recall@N and log
 * loss, an absolute difference for the others. Defaults: recall@N a relative drop of 0.2 / 0.4; AUC and accuracy an
 * absolute drop of 0.05 / 0.10; log loss a relative rise of 0.15 / 0.30; expected calibration error an absolute rise of
 * 0.05 / 0.10.
 *
 * <p>Validated at start-up: every level above 0 (at 0 any window worse than its baseline, noise included, would
 * count), critical at least warning, and below 1 where a change of 1 can never happen: a relative drop (recall
 * cannot fall by all of its baseline and more), and an absolute change of a metric within [0, 1] (AUC, accuracy,
 * calibration error). Only log loss, a relative rise of an unbounded metric, has no upper bound.
 *
 * @param recall           {@code drift.threshold.recall.*}: the recommender's recall@N, relative drop
 * @param auc              {@code drift.threshold.auc.*}: AUC, absolute drop
 * @param accuracy         {@code drift.threshold.accuracy.*}: accuracy, absolute drop
 * @param logLoss          {@code drift.threshold.log.loss.*}: log loss, relative rise
 * @param calibrationError {@code drift.threshold.calibration.error.*}: expected calibration error, absolute rise
 */
public record PerformanceThresholds(Levels recall, Levels auc, Levels accuracy, Levels logLoss, Levels calibrationError) {

    private static final PerformanceThresholds DEFAULTS = read(new ConfigReader(new RawConfig()));

    /** The built-in defaults. */
    public static PerformanceThresholds defaults() {
        return DEFAULTS;
    }

    static PerformanceThresholds read(ConfigReader r) {
        return new PerformanceThresholds(
            levels(r, "recall", 0.2, 0.4, "a relative drop of 1 or more (all of the baseline) can never happen"),
            levels(r, "auc", 0.05, 0.10, "AUC lies within [0, 1], a drop of 1 or more can never happen"),
            levels(r, "accuracy", 0.05, 0.10, "accuracy lies within [0, 1], a drop of 1 or more can never happen"),
            levels(r, "log.loss", 0.15, 0.30, null),
            levels(r, "calibration.error", 0.05, 0.10, "the calibration error lies within [0, 1], a rise of 1 or more can never happen"));
    }

    /** {@code belowOne}: why a level of 1 or more can never be reached, or null where it can. */
    private static Levels levels(ConfigReader r, String metric, double warning, double critical, String belowOne) {
        String prefix = "drift.threshold." + metric;
        double w = level(r, prefix + ".warning", warning, belowOne);
        double c = level(r, prefix + ".critical", critical, belowOne);
        if (c < w) {
            r.problem(prefix + ".critical", "must be at least " + prefix + ".warning (" + w + "): a larger change is worse");
            return new Levels(warning, critical);
        }
        return new Levels(w, c);
    }

    private static double level(ConfigReader r, String key, double fallback, String belowOne) {
        double v = r.decimal(key, fallback, 0, Double.MAX_VALUE);
        if (v == 0) {
            r.problem(key, "must be greater than 0: at 0 any window worse than its baseline, noise included, would count");
            return fallback;
        }
        if (belowOne != null && v >= 1) {
            r.problem(key, "must be below 1: " + belowOne);
            return fallback;
        }
        return v;
    }
}
