package io.inferstream.drift.detect;

/**
 * Raises an alert after {@code raiseAfter} consecutive drifting windows (warning or worse) and
 * clears it after {@code clearAfter} consecutive windows without drift, so one noisy window neither
 * pages anyone nor ends an incident. While raised, the alert's severity follows the latest window
 * (at least {@link Severity#WARNING}); going from warning to critical is an {@link Event#ESCALATED}
 * event. Windows without a verdict (too few values) leave the state unchanged.
 *
 * <p>Pure: {@link #step} maps a state and a window to the next state and what happened, so the
 * stream keeps the {@link AlertState} in a store and tests need no clock.
 */
public final class Hysteresis {

    /** Defaults: raise after 2 drifting windows (an alert within 2 windows), clear after 3 quiet ones. */
    public static final Hysteresis DEFAULT = new Hysteresis(2, 3);

    /** What a window changed. */
    public enum Event {
        /** Nothing an alert consumer needs to hear about. */
        NONE,
        /** An alert is raised. */
        RAISED,
        /** A raised alert went from warning to critical. */
        ESCALATED,
        /** A raised alert is cleared. */
        CLEARED
    }

    /**
     * The outcome of one window.
     *
     * @param state the state after the window
     * @param event what changed
     */
    public record Step(AlertState state, Event event) {
    }

    private final int raiseAfter;
    private final int clearAfter;

    public Hysteresis(int raiseAfter, int clearAfter) {
        if (raiseAfter < 1 || clearAfter < 1) {
            throw new IllegalArgumentException("raiseAfter and clearAfter must be positive: " + raiseAfter + ", " + clearAfter);
        }
        this.raiseAfter = raiseAfter;
        this.clearAfter = clearAfter;
    }

    public int raiseAfter() {
        return raiseAfter;
    }

    public int clearAfter() {
        return clearAfter;
    }

    /** The next state after a window judged {@code verdict}. */
    public Step step(AlertState state, Verdict verdict) {
        return verdict.sufficientData() ? step(state, verdict.severity()) : new Step(state, Event.NONE);
    }

    /** The next state after a window of severity {@code window}. */
    public Step step(AlertState state, Severity window) {
        boolean drifting = window != Severity.NONE;
        int over = drifting ? state.over() + 1 : 0;
        int under = drifting ? 0 : state.under() + 1;
        if (!state.active()) {
            if (drifting && over >= raiseAfter) {
                return new Step(new AlertState(true, window, over, under), Event.RAISED);
            }
            return new Step(new AlertState(false, Severity.NONE, over, under), Event.NONE);
        }
        if (!drifting) {
            if (under >= clearAfter) {
                return new Step(new AlertState(false, Severity.NONE, over, under), Event.CLEARED);
            }
            return new Step(new AlertState(true, state.severity(), over, under), Event.NONE);
        }
        Event event = window.compareTo(state.severity()) > 0 ? Event.ESCALATED : Event.NONE;
        return new Step(new AlertState(true, window, over, under), event);
    }
}
