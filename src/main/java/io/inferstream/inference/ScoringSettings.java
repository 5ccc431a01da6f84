package io.inferstream.inference;

import java.util.Objects;

/**
 * How requests are scored.
 *
 * @param defaultModel      model for requests that name none (null: the only model served)
 * @param batching          micro-batch size and wait
 * @param maxRowsPerRequest larger requests are dead-lettered as OVERSIZE
 * @param allowNonFinite    whether NaN and infinities in float inputs are passed to the model
 * @param shadowTolerance   absolute difference under which shadow outputs that are not
 *                          probabilities or score vectors count as agreeing
 * @param shadowWindow      windows in which shadow comparisons are summed up into agreement metrics
 */
public record ScoringSettings(String defaultModel, BatchingSettings batching, int maxRowsPerRequest, boolean allowNonFinite,
                              double shadowTolerance, ShadowWindowSettings shadowWindow) {
    public ScoringSettings {
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(shadowWindow, "shadowWindow");
        if (maxRowsPerRequest < 1) {
            throw new IllegalArgumentException("max rows per request must be >= 1, got " + maxRowsPerRequest);
        }
        if (!(shadowTolerance >= 0)) {
            throw new IllegalArgumentException("shadow tolerance must be >= 0, got " + shadowTolerance);
        }
    }
}
