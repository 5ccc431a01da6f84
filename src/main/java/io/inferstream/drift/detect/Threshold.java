package io.inferstream.drift.detect;

/**
 * Warning and critical levels of one metric. Distances are bad when high ({@link #above}),
 * p-values when low ({@link #below}); a value exactly at a level counts as reaching it for
 * distances and not for p-values ({@code p < 0.05}). NaN never reaches a level.
 *
 * @param warning level for {@link Severity#WARNING}
 * @param critical level for {@link Severity#CRITICAL}
 * @param higherIsWorse true for distances, false for p-values
 */
public record Threshold(double warning, double critical, boolean higherIsWorse) {

    public Threshold {
        if (higherIsWorse ? critical < warning : critical > warning) {
            throw new IllegalArgumentException("critical level " + critical + " is milder than warning " + warning);
        }
    }

    /** Levels for a distance: bad at or above. */
    public static Threshold above(double warning, double critical) {
        return new Threshold(warning, critical, true);
    }

    /** Levels for a p-value: bad strictly below. */
    public static Threshold below(double warning, double critical) {
        return new Threshold(warning, critical, false);
    }

    /** The severity {@code value} reaches. */
    public Severity severity(double value) {
        if (Double.isNaN(value)) {
            return Severity.NONE;
        }
        if (higherIsWorse) {
            return value >= critical ? Severity.CRITICAL : value >= warning ? Severity.WARNING : Severity.NONE;
        }
        return value < critical ? Severity.CRITICAL : value < warning ? Severity.WARNING : Severity.NONE;
    }
}
