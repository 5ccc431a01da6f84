package io.inferstream.drift.label;

import java.util.Set;

/** Names of the performance metrics computed from labels (DriftMetric.metric, kind PERFORMANCE). */
public final class PerformanceMetrics {

    public static final String LOG_LOSS = "log_loss";
    public static final String AUC = "auc";
    public static final String ACCURACY = "accuracy";
    public static final String EXPECTED_CALIBRATION_ERROR = "expected_calibration_error";
    /** Mean predicted probability of the window (calibration, informational). */
    public static final String MEAN_PREDICTED = "mean_predicted";
    /** Observed positive rate of the window (calibration, informational). */
    public static final String OBSERVED_RATE = "observed_rate";
    /** Alert metric of the ADWIN detector on the per-record error. */
    public static final String ADWIN = "adwin";
    /** Alert metric of the Page-Hinkley detector on the per-record error. */
    public static final String PAGE_HINKLEY = "page_hinkley";

    /** The label metrics that need {@code drift.label.min.samples} labelled results for a verdict. */
    public static final Set<String> FROM_LABELS = Set.of(LOG_LOSS, AUC, ACCURACY, EXPECTED_CALIBRATION_ERROR, MEAN_PREDICTED, OBSERVED_RATE);

    private PerformanceMetrics() {
    }
}
