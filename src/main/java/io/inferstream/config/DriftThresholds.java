package io.inferstream.config;

import java.util.Objects;

/**
 * Warning and critical levels of the drift statistics that decide an alert's severity (keys
 * {@code drift.threshold.<metric>.warning|critical}). Distances drift at or above their levels, p-values below theirs; a
 * window drifts when a distance reaches a level <i>and</i> its test's p-value is below the same severity's level (see
 * {@code DriftRule}). Defaults in the spirit of Evidently's: PSI 0.1 / 0.2, normalized Wasserstein 0.1 / 0.2,
 * Jensen-Shannon 0.1 / 0.2, p-value 0.05 / 0.01. The performance metrics' levels are in {@link PerformanceThresholds}.
 *
 * @param psi                      {@code drift.threshold.psi.*}: PSI of a numeric feature or output
 * @param wassersteinNormed        {@code drift.threshold.wasserstein.*}: 1-Wasserstein distance / reference sd, numeric
 * @param jensenShannon            {@code drift.threshold.jensen.shannon.*}: Jensen-Shannon distance, numeric
 * @param categoricalJensenShannon {@code drift.threshold.categorical.jensen.shannon.*}: Jensen-Shannon distance, categorical
 * @param pValue                   {@code drift.threshold.p.value.*}: KS (numeric) and chi-square (categorical) p-values
 * @param performance              {@code drift.threshold.{recall,auc,accuracy,log.loss,calibration.error}.*}: the
 *                                 performance metrics' degradations against their baselines
 */
public record DriftThresholds(Levels psi, Levels wassersteinNormed, Levels jensenShannon, Levels categoricalJensenShannon,
                              Levels pValue, PerformanceThresholds performance) {

    /** One metric's warning and critical level. */
    public record Levels(double warning, double critical) { }

    public DriftThresholds {
        Objects.requireNonNull(performance, "performance");
    }

    /** The distribution statistics' levels with the default performance levels. */
    public DriftThresholds(Levels psi, Levels wassersteinNormed, Levels jensenShannon, Levels categoricalJensenShannon, Levels pValue) {
        this(psi, wassersteinNormed, jensenShannon, categoricalJensenShannon, pValue, PerformanceThresholds.defaults());
    }

    /** The built-in defaults. */
    public static DriftThresholds defaults() {
        return read(new ConfigReader(new RawConfig()));
    }

    static DriftThresholds read(ConfigReader r) {
        return new DriftThresholds(distance(r, "psi", 0.1, 0.2), distance(r, "wasserstein", 0.1, 0.2),
            distance(r, "jensen.shannon", 0.1, 0.2), distance(r, "categorical.jensen.shannon", 0.1, 0.2), pValue(r),
            PerformanceThresholds.read(r));
    }

    /** The same distribution levels with other performance levels. */
    public DriftThresholds withPerformance(PerformanceThresholds other) {
        return new DriftThresholds(psi, wassersteinNormed, jensenShannon, categoricalJensenShannon, pValue, other);
    }

    private static Levels distance(ConfigReader r, String metric, double warning, double critical) {
        String prefix = "drift.threshold." + metric;
        double w = r.decimal(prefix + ".warning", warning, 0, Double.MAX_VALUE);
        double c = r.decimal(prefix + ".critical", critical, 0, Double.MAX_VALUE);
        if (c < w) {
            r.problem(prefix + ".critical", "must be at least " + prefix + ".warning (" + w + "): a distance is worse when higher");
            return new Levels(warning, critical);
        }
        return new Levels(w, c);
    }

    private static Levels pValue(ConfigReader r) {
        double w = r.decimal("drift.threshold.p.value.warning", 0.05, 0, 1);
        double c = r.decimal("drift.threshold.p.value.critical", 0.01, 0, 1);
        if (c > w) {
            r.problem("drift.threshold.p.value.critical", "must be at most drift.threshold.p.value.warning (" + w
                + "): a p-value is worse when lower");
            return new Levels(0.05, 0.01);
        }
        return new Levels(w, c);
    }
}
