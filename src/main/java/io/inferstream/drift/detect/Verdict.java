package io.inferstream.drift.detect;

import java.util.Map;

/**
 * A {@link DriftRule}'s judgement of one window.
 *
 * @param severity the window's severity; {@link Severity#NONE} when data is insufficient
 * @param sufficientData false when either side has fewer values than the rule's minimum: no verdict
 * @param metricSeverities each metric's own severity against its threshold (informational; the
 *     window's severity combines them as the rule says)
 */
public record Verdict(Severity severity, boolean sufficientData, Map<String, Severity> metricSeverities) {

    public Verdict {
        metricSeverities = Map.copyOf(metricSeverities);
    }

    /** A short label for tables and logs: none, warning, critical or "n/a (too few values)". */
    public String label() {
        return sufficientData ? severity.name().toLowerCase(java.util.Locale.ROOT) : "n/a (too few values)";
    }
}
