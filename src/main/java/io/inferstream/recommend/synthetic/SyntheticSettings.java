package io.inferstream.recommend.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Shape of a generated user-event stream (see {@link SyntheticEvents}): a planted low-rank preference structure on
 * top of Zipf item popularity, users and items arriving over time and an optional preference shift. Everything is
 * derived from {@code seed}, so one settings value always yields the same stream.
 *
 * @param users              users in total
 * @param items              items in total
 * @param rank               dimension of the planted user and item vectors (unit vectors, so u.v lies in [-1, 1])
 * @param events             events in the stream
 * @param zipfExponent       item popularity is {@code popularityRank^-zipfExponent} (ranks are a random permutation
 *                           of the items, independent of their arrival order)
 * @param preferenceStrength a user picks an item with probability proportional to
 *                           {@code popularity * exp(preferenceStrength * u.v)}: 0 is popularity only, larger values
 *                           let the planted affinity dominate
 * @param initialUserShare   share of users present at the first event; the rest appear linearly along the stream
 * @param initialItemShare   share of items present at the first event; the rest appear linearly along the stream
 * @param repeatProbability  probability that a user keeps an item they already consumed when it is drawn again
 *                           (otherwise the item is drawn again), so repeats are rare but possible
 * @param shiftAt            event index of a preference shift, -1 for no shift
 * @param shiftShare         share of the users whose planted vector is redrawn at the shift (1: everyone's)
 * @param mix                shares of the event types
 * @param seed               seed of every random choice
 * @param start              timestamp of the first event
 * @param interval           time between consecutive events' timestamps
 */
public record SyntheticSettings(int users, int items, int rank, long events, double zipfExponent, double preferenceStrength,
                                double initialUserShare, double initialItemShare, double repeatProbability, long shiftAt,
                                double shiftShare, EventMix mix, long seed, Instant start, Duration interval) {

    /** Generator defaults shared by {@link #small} and {@link #benchmark}; tuned with the quality evaluation. */
    static final int DEFAULT_RANK = 4;
    static final double DEFAULT_ZIPF = 0.5;
    static final double DEFAULT_STRENGTH = 10.0;
    static final double DEFAULT_INITIAL_SHARE = 0.5;
    static final double DEFAULT_REPEAT = 0.05;
    static final double DEFAULT_SHIFT_SHARE = 1.0;
    static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    /**
     * Shares of VIEW, CLICK and PURCHASE events (each >= 0, summing to 1 within rounding).
     */
    public record EventMix(double view, double click, double purchase) {
        public EventMix {
            if (!(view >= 0 && click >= 0 && purchase >= 0) || Math.abs(view + click + purchase - 1.0) > 1e-6) {
                throw new IllegalArgumentException("event shares must be >= 0 and sum to 1, got " + view + ", " + click
                    + ", " + purchase);
            }
        }

        /** 70% views, 25% clicks, 5% purchases. */
        public static EventMix defaults() {
            return new EventMix(0.70, 0.25, 0.05);
        }
    }

    public SyntheticSettings {
        requireAtLeast("users", users, 1);
        requireAtLeast("items", items, 1);
        requireAtLeast("rank", rank, 1);
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0, got " + events);
        }
        requireFiniteNonNegative("zipfExponent", zipfExponent);
        requireFiniteNonNegative("preferenceStrength", preferenceStrength);
        requireShare("initialUserShare", initialUserShare);
        requireShare("initialItemShare", initialItemShare);
        requireShare("repeatProbability", repeatProbability);
        if (shiftAt < -1) {
            throw new IllegalArgumentException("shiftAt must be an event index or -1 for none, got " + shiftAt);
        }
        requireShare("shiftShare", shiftShare);
        Objects.requireNonNull(mix, "mix");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
    }

    /** A fast test size: 500 users, 300 items, 30k events, no shift. */
    public static SyntheticSettings small(long seed) {
        return defaults(500, 300, 30_000, seed);
    }

    /** The benchmark size: 5k users, 2k items, 300k events, no shift. */
    public static SyntheticSettings benchmark(long seed) {
        return defaults(5_000, 2_000, 300_000, seed);
    }

    private static SyntheticSettings defaults(int users, int items, long events, long seed) {
        return new SyntheticSettings(users, items, DEFAULT_RANK, events, DEFAULT_ZIPF, DEFAULT_STRENGTH, DEFAULT_INITIAL_SHARE,
            DEFAULT_INITIAL_SHARE, DEFAULT_REPEAT, -1, DEFAULT_SHIFT_SHARE, EventMix.defaults(), seed, DEFAULT_START, DEFAULT_INTERVAL);
    }

    /** Whether a preference shift is planted. */
    public boolean hasShift() {
        return shiftAt >= 0 && shiftAt < events;
    }

    /** Users present at the first event (at least one). */
    public int initialUsers() {
        return Math.max(1, (int) Math.round(users * initialUserShare));
    }

    /** Items present at the first event (at least one). */
    public int initialItems() {
        return Math.max(1, (int) Math.round(items * initialItemShare));
    }

    /** Users present at event index {@code event}: the initial ones plus a linear share of the rest. */
    public int usersAt(long event) {
        return presentAt(event, initialUsers(), users);
    }

    /** Items present at event index {@code event}: the initial ones plus a linear share of the rest. */
    public int itemsAt(long event) {
        return presentAt(event, initialItems(), items);
    }

    private int presentAt(long event, int initial, int total) {
        if (events == 0 || event >= events) {
            return total;
        }
        return initial + (int) ((total - initial) * Math.max(0, event) / events);
    }

    public SyntheticSettings withEvents(long newEvents) {
        return new SyntheticSettings(users, items, rank, newEvents, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, mix, seed, start, interval);
    }

    /** The same stream shape with a preference shift at event {@code eventIndex} (-1: none). */
    public SyntheticSettings withShiftAt(long eventIndex) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, eventIndex, shiftShare, mix, seed, start, interval);
    }

    /** The share of users whose preferences change at the shift. */
    public SyntheticSettings withShiftShare(double newShiftShare) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, newShiftShare, mix, seed, start, interval);
    }

    /** Shift at {@code fraction} of the stream (0.5: half way). */
    public SyntheticSettings withShiftAtFraction(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("shift fraction must be in [0, 1), got " + fraction);
        }
        return withShiftAt((long) (events * fraction));
    }

    public SyntheticSettings withSeed(long newSeed) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, mix, newSeed, start, interval);
    }

    public SyntheticSettings withSize(int newUsers, int newItems, long newEvents) {
        return new SyntheticSettings(newUsers, newItems, rank, newEvents, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, mix, seed, start, interval);
    }

    public SyntheticSettings withPreference(int newRank, double newZipfExponent, double newPreferenceStrength) {
        return new SyntheticSettings(users, items, newRank, events, newZipfExponent, newPreferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, mix, seed, start, interval);
    }

    public SyntheticSettings withArrival(double newInitialUserShare, double newInitialItemShare) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, newInitialUserShare,
            newInitialItemShare, repeatProbability, shiftAt, shiftShare, mix, seed, start, interval);
    }

    public SyntheticSettings withRepeatProbability(double newRepeatProbability) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, newRepeatProbability, shiftAt, shiftShare, mix, seed, start, interval);
    }

    public SyntheticSettings withMix(EventMix newMix) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, newMix, seed, start, interval);
    }

    public SyntheticSettings withTimes(Instant newStart, Duration newInterval) {
        return new SyntheticSettings(users, items, rank, events, zipfExponent, preferenceStrength, initialUserShare,
            initialItemShare, repeatProbability, shiftAt, shiftShare, mix, seed, newStart, newInterval);
    }

    private static void requireAtLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
    }

    private static void requireFiniteNonNegative(String name, double v) {
        if (!(Double.isFinite(v) && v >= 0)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    private static void requireShare(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
        }
    }
}
