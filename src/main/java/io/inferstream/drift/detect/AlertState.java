package io.inferstream.drift.detect;

/**
 * Where one monitored series (model, version, feature, segment) stands in the {@link Hysteresis}:
 * small and immutable, so a state store keeps it per key.
 *
 * @param active whether an alert is raised
 * @param severity the raised alert's current severity ({@link Severity#NONE} when not active)
 * @param over consecutive windows at warning or worse (counts towards raising)
 * @param under consecutive windows without drift (counts towards clearing)
 */
public record AlertState(boolean active, Severity severity, int over, int under) {

    /** No alert, no history. */
    public static final AlertState QUIET = new AlertState(false, Severity.NONE, 0, 0);
}
