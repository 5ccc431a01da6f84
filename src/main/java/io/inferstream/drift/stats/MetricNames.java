package io.inferstream.drift.stats;

/** Metric names as they appear in DriftMetric records and in {@code inferstream drift compare --json}. */
public final class MetricNames {
    /** Population stability index on equal-mass bins of the reference. */
    public static final String PSI = "psi";
    /** Two-sample Kolmogorov-Smirnov statistic. */
    public static final String KS = "ks";
    /** Asymptotic p-value of {@link #KS}. */
    public static final String KS_P_VALUE = "ks_p_value";
    /** Jensen-Shannon distance, base 2 (numeric: on the PSI bins; categorical: on the categories). */
    public static final String JENSEN_SHANNON = "jensen_shannon";
    /** 1-Wasserstein distance divided by the reference's standard deviation. */
    public static final String WASSERSTEIN_NORMED = "wasserstein_normed";
    /** Pearson's chi-square goodness-of-fit statistic against the reference's proportions. */
    public static final String CHI_SQUARE = "chi_square";
    /** p-value of {@link #CHI_SQUARE}. */
    public static final String CHI_SQUARE_P_VALUE = "chi_square_p_value";

    private MetricNames() {
    }
}
