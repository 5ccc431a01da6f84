package io.inferstream.drift.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing", SDM 2007), in its ADWIN2 form: the window is an exponential histogram whose row
 * {@code i} holds up to {@code maxBuckets} buckets of {@code 2^i} values each (total and variance
 * per bucket), so memory is {@code O(maxBuckets log(W / maxBuckets))} for a window of W values.
 *
 * <p>Follows River's implementation ({@code river.drift.ADWIN},
 * https://riverml.xyz/latest/api/drift/ADWIN/) and its defaults: {@code delta=0.002, clock=32,
 * max_buckets=5, min_window_length=5, grace_period=10}. Every {@code clock} values (once the window
 * is longer than {@code grace_period}) it tries every bucket boundary as a cut {@code W = W0 · W1}
 * (both at least {@code min_window_length} long) and drops the oldest bucket while some cut has
 * {@code |mean(W0) - mean(W1)| > sqrt(2 m σ² δ') + 2/3 δ' m}, with {@code δ' = ln(2 ln(|W|) / delta)},
 * {@code m = 1/(n0 - min_window_length + 1) + 1/(n1 - min_window_length + 1)} and σ² the window's
 * variance. As in River, a detection resets the detector on the next update.
 *
 * <p>Written here because no maintained Java library on Maven Central provides ADWIN outside a
 * whole learning framework (MOA).
 */
public final class Adwin implements SequentialDetector {

    /**
     * Parameters.
     *
     * @param delta confidence: smaller means fewer false alarms and slower detection
     * @param clock check for change every this many values
     * @param maxBuckets buckets per histogram row before two are merged
     * @param minWindowLength shortest sub-window a cut may leave
     * @param gracePeriod values before the first check
     */
    public record Settings(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
        /** River's defaults. */
        public static final Settings RIVER = new Settings(0.002, 32, 5, 5, 10);

        public Settings {
            if (!(delta > 0 && delta < 1) || clock < 1 || maxBuckets < 2 || minWindowLength < 1 || gracePeriod < 0) {
                throw new IllegalArgumentException("invalid ADWIN settings " + delta + ", " + clock + ", " + maxBuckets
                        + ", " + minWindowLength + ", " + gracePeriod);
            }
        }
    }

    /** One histogram row: buckets of equal size, oldest first. */
    private static final class Row {
        final double[] totals;
        final double[] variances;
        int size;

        Row(int maxBuckets) {
            totals = new double[maxBuckets + 1];
            variances = new double[maxBuckets + 1];
        }

        void add(double total, double variance) {
            totals[size] = total;
            variances[size] = variance;
            size++;
        }

        void removeOldest(int count) {
            System.arraycopy(totals, count, totals, 0, size - count);
            System.arraycopy(variances, count, variances, 0, size - count);
            size -= count;
        }
    }

    private static final byte FORMAT = 1;

    private final Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private double width;
    private double total;
    private double variance;
    private long tick;
    private long detections;
    private boolean drift;

    /** A detector with River's defaults. */
    public Adwin() {
        this(Settings.RIVER);
    }

    public Adwin(Settings settings) {
        this.settings = settings;
        reset();
    }

    private void reset() {
        rows.clear();
        rows.add(new Row(settings.maxBuckets()));
        width = 0;
        total = 0;
        variance = 0;
        tick = 0;
        drift = false;
    }

    @Override
    public boolean update(double value) {
        if (drift) {
            reset();
        }
        insert(value);
        drift = detectChange();
        if (drift) {
            detections++;
        }
        return drift;
    }

    @Override
    public boolean driftDetected() {
        return drift;
    }

    /** Values in the current window. */
    public long width() {
        return (long) width;
    }

    /** Mean of the current window (the estimated error rate); 0 when empty. */
    public double estimation() {
        return width == 0 ? 0 : total / width;
    }

    /** Changes detected over the detector's life. */
    public long detections() {
        return detections;
    }

    public Settings settings() {
        return settings;
    }

    /** Number of buckets held, a measure of the state's size. */
    public int buckets() {
        return rows.stream().mapToInt(r -> r.size).sum();
    }

    private void insert(double value) {
        rows.get(0).add(value, 0);
        width++;
        if (width > 1) {
            double previousMean = total / (width - 1);
            variance += (width - 1) * (value - previousMean) * (value - previousMean) / width;
        }
        total += value;
        compress();
    }

    /** Merges the two oldest buckets of a full row into one of the next row, cascading. */
    private void compress() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.size != settings.maxBuckets() + 1) {
                return;
            }
            if (i + 1 == rows.size()) {
                rows.add(new Row(settings.maxBuckets()));
            }
            Row next = rows.get(i + 1);
            double n = Math.pow(2, i);
            double mu1 = row.totals[0] / n;
            double mu2 = row.totals[1] / n;
            next.add(row.totals[0] + row.totals[1], row.variances[0] + row.variances[1] + n * 0.5 * (mu1 - mu2) * (mu1 - mu2));
            row.removeOldest(2);
            if (next.size <= settings.maxBuckets()) {
                return;
            }
        }
    }

    /** Drops the oldest bucket; returns its size. */
    private double deleteOldest() {
        int last = rows.size() - 1;
        Row row = rows.get(last);
        double n = Math.pow(2, last);
        double u = row.totals[0];
        double mu = u / n;
        double v = row.variances[0];
        width -= n;
        total -= u;
        double windowMean = total / width;
        variance -= v + n * width * (mu - windowMean) * (mu - windowMean) / (n + width);
        row.removeOldest(1);
        if (row.size == 0) {
            rows.remove(last);
        }
        return n;
    }

    private boolean detectChange() {
        boolean changed = false;
        tick++;
        if (tick % settings.clock() != 0 || width <= settings.gracePeriod()) {
            return false;
        }
        boolean reduce = true;
        while (reduce) {
            reduce = false;
            boolean done = false;
            double n0 = 0;
            double n1 = width;
            double u0 = 0;
            double u1 = total;
            // Walk cuts from the oldest bucket to the newest: W0 grows, W1 shrinks.
            for (int i = rows.size() - 1; i >= 0 && !done; i--) {
                Row row = rows.get(i);
                double size = Math.pow(2, i);
                for (int k = 0; k < row.size; k++) {
                    n0 += size;
                    n1 -= size;
                    u0 += row.totals[k];
                    u1 -= row.totals[k];
                    if (i == 0 && k == row.size - 1) {
                        done = true;
                        break;
                    }
                    if (n1 >= settings.minWindowLength() && n0 >= settings.minWindowLength()
                            && cutDiffers(n0, n1, u0 / n0 - u1 / n1)) {
                        reduce = true;
                        changed = true;
                        if (width > 0) {
                            deleteOldest();
                            done = true;
                            break;
                        }
                    }
                }
            }
        }
        return changed;
    }

    private boolean cutDiffers(double n0, double n1, double meanDifference) {
        double deltaPrime = Math.log(2 * Math.log(width) / settings.delta());
        double m = 1 / (n0 - settings.minWindowLength() + 1) + 1 / (n1 - settings.minWindowLength() + 1);
        double epsilon = Math.sqrt(2 * m * (variance / width) * deltaPrime) + 2.0 / 3.0 * deltaPrime * m;
        return Math.abs(meanDifference) > epsilon;
    }

    @Override
    public byte[] toBytes() {
        int buckets = buckets();
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 * 4 + 8 * 3 + 8 * 2 + 1 + 4 + rows.size() * 4 + buckets * 16)
                .put(FORMAT)
                .putDouble(settings.delta()).putInt(settings.clock()).putInt(settings.maxBuckets())
                .putInt(settings.minWindowLength()).putInt(settings.gracePeriod())
                .putDouble(width).putDouble(total).putDouble(variance)
                .putLong(tick).putLong(detections).put((byte) (drift ? 1 : 0))
                .putInt(rows.size());
        for (Row row : rows) {
            out.putInt(row.size);
            for (int k = 0; k < row.size; k++) {
                out.putDouble(row.totals[k]).putDouble(row.variances[k]);
            }
        }
        return out.array();
    }

    /** Reads {@link #toBytes()}. */
    public static Adwin fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown ADWIN state format");
            }
            Adwin a = new Adwin(new Settings(in.getDouble(), in.getInt(), in.getInt(), in.getInt(), in.getInt()));
            a.width = in.getDouble();
            a.total = in.getDouble();
            a.variance = in.getDouble();
            a.tick = in.getLong();
            a.detections = in.getLong();
            a.drift = in.get() != 0;
            int rowCount = in.getInt();
            if (rowCount < 1 || rowCount > 64) {
                throw new IllegalArgumentException("ADWIN state: " + rowCount + " rows");
            }
            a.rows.clear();
            for (int i = 0; i < rowCount; i++) {
                Row row = new Row(a.settings.maxBuckets());
                int size = in.getInt();
                if (size < 0 || size > a.settings.maxBuckets()) {
                    throw new IllegalArgumentException("ADWIN state: row of " + size + " buckets");
                }
                for (int k = 0; k < size; k++) {
                    row.add(in.getDouble(), in.getDouble());
                }
                a.rows.add(row);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in ADWIN state");
            }
            return a;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("ADWIN state truncated (" + bytes.length + " bytes)", e);
        }
    }
}
