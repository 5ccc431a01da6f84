package io.inferstream.drift.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift metrics of a numeric feature; see {@link NumericDriftStatistics} for the definitions.
 *
 * @param referenceCount values in the reference
 * @param currentCount values in the current window
 * @param psi population stability index
 * @param ks Kolmogorov-Smirnov statistic
 * @param ksPValue its asymptotic p-value
 * @param jensenShannon Jensen-Shannon distance (base 2) on the PSI bins
 * @param wassersteinNormed 1-Wasserstein distance over the reference's standard deviation
 */
public record NumericDrift(long referenceCount, long currentCount, double psi, double ks, double ksPValue,
        double jensenShannon, double wassersteinNormed) implements DriftMeasurement {

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.PSI, psi);
        m.put(MetricNames.KS, ks);
        m.put(MetricNames.KS_P_VALUE, ksPValue);
        m.put(MetricNames.JENSEN_SHANNON, jensenShannon);
        m.put(MetricNames.WASSERSTEIN_NORMED, wassersteinNormed);
        return m;
    }
}
