package io.inferstream.drift.stats;

import java.util.Map;

/** The drift metrics of one feature (or output) between a reference and a current profile. */
public sealed interface DriftMeasurement permits NumericDrift, CategoricalDrift {

    /** Values in the reference profile. */
    long referenceCount();

    /** Values in the current profile (the window). */
    long currentCount();

    /** Metric name ({@link MetricNames}) to value, in a fixed order; NaN where undefined. */
    Map<String, Double> metrics();
}
