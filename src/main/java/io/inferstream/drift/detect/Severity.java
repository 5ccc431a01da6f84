package io.inferstream.drift.detect;

/** How bad a metric, a window or an alert is; ordered, so {@code compareTo} ranks them. */
public enum Severity {
    NONE, WARNING, CRITICAL;

    /** The worse of the two. */
    public Severity max(Severity other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /** The milder of the two. */
    public Severity min(Severity other) {
        return compareTo(other) <= 0 ? this : other;
    }
}
