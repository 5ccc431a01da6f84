package io.inferstream.drift.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift metrics of a categorical feature; see {@link CategoricalDriftStatistics} for the definitions.
 *
 * @param referenceCount values in the reference
 * @param currentCount values in the current window
 * @param chiSquare Pearson's chi-square statistic
 * @param chiSquarePValue its p-value
 * @param degreesOfFreedom categories compared minus one
 * @param jensenShannon Jensen-Shannon distance (base 2) on the categories
 */
public record CategoricalDrift(long referenceCount, long currentCount, double chiSquare, double chiSquarePValue,
        int degreesOfFreedom, double jensenShannon) implements DriftMeasurement {

    @Override
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.CHI_SQUARE, chiSquare);
        m.put(MetricNames.CHI_SQUARE_P_VALUE, chiSquarePValue);
        m.put(MetricNames.JENSEN_SHANNON, jensenShannon);
        return m;
    }
}
