package io.inferstream.drift.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The Page-Hinkley test (Page, "Continuous Inspection Schemes", Biometrika 41, 1954) as River
 * implements it ({@code river.drift.PageHinkley}, https://riverml.xyz/latest/api/drift/PageHinkley/),
 * with River's defaults: {@code min_instances=30, delta=0.005, threshold=50, alpha=1-0.0001,
 * mode="both"}.
 *
 * <p>With {@code x̄} the running mean of all values since the last reset: {@code S+ = alpha S+ + (x -
 * x̄ - delta)} and {@code S- = alpha S- + (x - x̄ + delta)}; drift when, after {@code min_instances}
 * values, {@code S+ - min(S+) > threshold} (an increase) or {@code max(S-) - S- > threshold} (a
 * decrease). As in River, the state is reset on the update after a detection, and {@code max(S-)}
 * starts at -1.
 *
 * <p>Mind the scale: {@code delta} and {@code threshold} are in units of the monitored value, so on a
 * 0/1 error stream River's defaults give false alarms at a rate that grows with the error variance
 * (seeded measurement in the tests: about 0.01, 0.08 and 0.45 per 10,000 records at stationary error
 * rates 0.05, 0.1 and 0.2). {@link Adwin}, whose bound adapts to the variance, stays quiet there.
 */
public final class PageHinkley implements SequentialDetector {

    /** Which direction of change to detect. */
    public enum Mode { UP, DOWN, BOTH }

    /**
     * Parameters.
     *
     * @param minInstances values before a change may be signalled
     * @param delta magnitude of change tolerated
     * @param threshold detection threshold (lambda)
     * @param alpha forgetting factor of the cumulative sums
     * @param mode directions detected
     */
    public record Settings(int minInstances, double delta, double threshold, double alpha, Mode mode) {
        /** River's defaults. */
        public static final Settings RIVER = new Settings(30, 0.005, 50, 1 - 0.0001, Mode.BOTH);

        public Settings {
            if (minInstances < 1 || delta < 0 || threshold <= 0 || alpha <= 0 || alpha > 1 || mode == null) {
                throw new IllegalArgumentException("invalid Page-Hinkley settings " + minInstances + ", " + delta + ", "
                        + threshold + ", " + alpha + ", " + mode);
            }
        }
    }

    private static final byte FORMAT = 1;

    private final Settings settings;
    private long n;
    private double mean;
    private double sumIncrease;
    private double sumDecrease;
    private double minIncrease;
    private double maxDecrease;
    private boolean drift;

    /** A detector with River's defaults. */
    public PageHinkley() {
        this(Settings.RIVER);
    }

    public PageHinkley(Settings settings) {
        this.settings = settings;
        reset();
    }

    private void reset() {
        n = 0;
        mean = 0;
        sumIncrease = 0;
        sumDecrease = 0;
        minIncrease = Double.POSITIVE_INFINITY;
        maxDecrease = -1;
        drift = false;
    }

    @Override
    public boolean update(double value) {
        if (drift) {
            reset();
        }
        n++;
        mean += (value - mean) / n;
        double deviation = value - mean;
        sumIncrease = settings.alpha() * sumIncrease + deviation - settings.delta();
        sumDecrease = settings.alpha() * sumDecrease + deviation + settings.delta();
        minIncrease = Math.min(minIncrease, sumIncrease);
        maxDecrease = Math.max(maxDecrease, sumDecrease);
        if (n >= settings.minInstances()) {
            boolean up = sumIncrease - minIncrease > settings.threshold();
            boolean down = maxDecrease - sumDecrease > settings.threshold();
            drift = switch (settings.mode()) {
                case UP -> up;
                case DOWN -> down;
                case BOTH -> up || down;
            };
        }
        return drift;
    }

    @Override
    public boolean driftDetected() {
        return drift;
    }

    /** Values since the last reset. */
    public long count() {
        return n;
    }

    /** Running mean since the last reset. */
    public double mean() {
        return mean;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public byte[] toBytes() {
        return ByteBuffer.allocate(1 + 4 + 8 * 3 + 1 + 8 + 8 * 5 + 1)
                .put(FORMAT)
                .putInt(settings.minInstances()).putDouble(settings.delta()).putDouble(settings.threshold())
                .putDouble(settings.alpha()).put((byte) settings.mode().ordinal())
                .putLong(n).putDouble(mean).putDouble(sumIncrease).putDouble(sumDecrease)
                .putDouble(minIncrease).putDouble(maxDecrease).put((byte) (drift ? 1 : 0))
                .array();
    }

    /** Reads {@link #toBytes()}. */
    public static PageHinkley fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown Page-Hinkley state format");
            }
            int minInstances = in.getInt();
            double delta = in.getDouble();
            double threshold = in.getDouble();
            double alpha = in.getDouble();
            int mode = in.get();
            if (mode < 0 || mode >= Mode.values().length) {
                throw new IllegalArgumentException("unknown Page-Hinkley mode " + mode);
            }
            PageHinkley ph = new PageHinkley(new Settings(minInstances, delta, threshold, alpha, Mode.values()[mode]));
            ph.n = in.getLong();
            ph.mean = in.getDouble();
            ph.sumIncrease = in.getDouble();
            ph.sumDecrease = in.getDouble();
            ph.minIncrease = in.getDouble();
            ph.maxDecrease = in.getDouble();
            ph.drift = in.get() != 0;
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in Page-Hinkley state");
            }
            return ph;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Page-Hinkley state truncated (" + bytes.length + " bytes)", e);
        }
    }
}
