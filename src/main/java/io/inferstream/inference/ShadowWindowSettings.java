package io.inferstream.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * The windows in which shadow comparisons are summed up into agreement metrics.
 *
 * @param size  tumbling event-time window size ({@code inference.shadow.window})
 * @param grace how long after a window's end comparisons that arrive out of order still count
 *              ({@code inference.shadow.window.grace}); the window's metrics are published once it has passed
 */
public record ShadowWindowSettings(Duration size, Duration grace) {

    public static final Duration DEFAULT_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    public ShadowWindowSettings {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(grace, "grace");
        if (size.isNegative() || size.isZero()) {
            throw new IllegalArgumentException("shadow window size must be > 0, got " + size);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shadow window grace must be >= 0, got " + grace);
        }
    }

    public static ShadowWindowSettings defaults() {
        return new ShadowWindowSettings(DEFAULT_SIZE, DEFAULT_GRACE);
    }
}
