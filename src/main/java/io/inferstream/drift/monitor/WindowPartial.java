package io.inferstream.drift.monitor;

import io.inferstream.avro.DriftKind;
import io.inferstream.drift.profile.CategoricalDistribution;
import io.inferstream.drift.profile.NumericDistribution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The values of one {@link Quantity} seen in one window, as far as one task has seen them: a mergeable KLL sketch
 * with moments (numeric) or bounded category counts (categorical). Tasks forward these partials to the task that
 * owns the quantity, which merges them into the whole window.
 *
 * <p>Byte format (its own, versioned, because it only travels through this topology's internal topics and
 * stores): format byte, model, version, kind, feature, segment flag + segment, window start, distribution bytes
 * ({@link NumericDistribution#toBytes()} or {@link CategoricalDistribution#toBytes()}).
 */
public final class WindowPartial {

    private static final byte FORMAT = 1;

    private final Quantity quantity;
    private final long windowStart;
    private final NumericDistribution numeric;
    private final CategoricalDistribution categorical;

    private WindowPartial(Quantity quantity, long windowStart, NumericDistribution numeric, CategoricalDistribution categorical) {
        this.quantity = quantity;
        this.windowStart = windowStart;
        this.numeric = numeric;
        this.categorical = categorical;
    }

    /** An empty partial of the right type for {@code quantity}. */
    public static WindowPartial empty(Quantity quantity, long windowStart) {
        return quantity.categorical()
            ? new WindowPartial(quantity, windowStart, null, CategoricalDistribution.create())
            : new WindowPartial(quantity, windowStart, NumericDistribution.create(), null);
    }

    /** A numeric partial holding {@code d}. */
    public static WindowPartial ofNumeric(Quantity quantity, NumericDistribution d) {
        return new WindowPartial(quantity, 0, d, null);
    }

    /** A categorical partial holding {@code d}. */
    public static WindowPartial ofCategorical(Quantity quantity, CategoricalDistribution d) {
        return new WindowPartial(quantity, 0, null, d);
    }

    public Quantity quantity() {
        return quantity;
    }

    public long windowStart() {
        return windowStart;
    }

    /** The numeric values (null for a categorical quantity). */
    public NumericDistribution numeric() {
        return numeric;
    }

    /** The categories (null for a numeric quantity). */
    public CategoricalDistribution categorical() {
        return categorical;
    }

    public long count() {
        return numeric != null ? numeric.count() : categorical.count();
    }

    public void add(double value) {
        numeric.update(value);
    }

    public void add(String value) {
        categorical.update(value);
    }

    /** Adds {@code other}'s values (same quantity and window). */
    public void merge(WindowPartial other) {
        if (numeric != null && other.numeric != null) {
            numeric.merge(other.numeric);
        } else if (categorical != null && other.categorical != null) {
            categorical.merge(other.categorical);
        } else {
            throw new IllegalArgumentException("cannot merge a numeric and a categorical partial of " + quantity.groupKey());
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(quantity.model());
        out.writeLong(quantity.version());
        out.writeByte(quantity.kind().ordinal());
        out.writeUTF(quantity.feature());
        out.writeBoolean(quantity.segment() != null);
        if (quantity.segment() != null) {
            out.writeUTF(quantity.segment());
        }
        out.writeLong(windowStart);
        out.writeBoolean(quantity.categorical());
        byte[] dist = numeric != null ? numeric.toBytes() : categorical.toBytes();
        out.writeInt(dist.length);
        out.write(dist);
    }

    /** Reads {@link #toBytes()}; a malformed array fails with an {@link IllegalArgumentException}. */
    public static WindowPartial fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a window partial: " + e, e);
        }
    }

    static WindowPartial read(DataInputStream in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown window partial format " + format);
        }
        String model = in.readUTF();
        long version = in.readLong();
        DriftKind kind = DriftKind.values()[in.readByte()];
        String feature = in.readUTF();
        String segment = in.readBoolean() ? in.readUTF() : null;
        long windowStart = in.readLong();
        boolean categorical = in.readBoolean();
        byte[] dist = new byte[in.readInt()];
        in.readFully(dist);
        Quantity q = new Quantity(model, version, kind, feature, segment, categorical);
        return categorical
            ? new WindowPartial(q, windowStart, null, CategoricalDistribution.fromBytes(dist))
            : new WindowPartial(q, windowStart, NumericDistribution.fromBytes(dist), null);
    }
}
