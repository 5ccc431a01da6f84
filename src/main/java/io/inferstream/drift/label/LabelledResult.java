package io.inferstream.drift.label;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A result joined with its label: what the performance windows and the sequential detectors consume.
 *
 * @param model   model name
 * @param version model version
 * @param score   the predicted positive-class probability
 * @param label   the observed outcome in [0, 1] (at least 0.5 counts as positive for AUC and accuracy)
 * @param time    the result's event time: the window it counts in
 */
public record LabelledResult(String model, long version, double score, double label, long time) {

    public LabelledResult {
        Objects.requireNonNull(model, "model");
    }

    /** {@code <model>/<version>}: the repartition key of the performance windows. */
    public String versionKey() {
        return model + "/" + version;
    }

    /** The per-record error the sequential detectors watch: {@code |label - score|}, in [0, 1]. */
    public double error() {
        return Math.abs(label - score);
    }

    public boolean positive() {
        return label >= 0.5;
    }

    public byte[] toBytes() {
        byte[] m = model.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + m.length + 8 * 4).putInt(m.length).put(m).putLong(version).putDouble(score).putDouble(label)
            .putLong(time).array();
    }

    /** A batch's binary form: the count, then each result's {@link #toBytes()} with its length. */
    public static byte[] batchToBytes(List<LabelledResult> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + batch.size() * 64);
        out.writeBytes(ByteBuffer.allocate(4).putInt(batch.size()).array());
        for (LabelledResult r : batch) {
            byte[] b = r.toBytes();
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** Reads {@link #batchToBytes}; IllegalArgumentException on anything else. */
    public static List<LabelledResult> batchFromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int n = in.getInt();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("bad count " + n + " in a batch of labelled results");
            }
            List<LabelledResult> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.getInt();
                if (len < 0 || len > in.remaining()) {
                    throw new IllegalArgumentException("bad length " + len + " in a batch of labelled results");
                }
                byte[] b = new byte[len];
                in.get(b);
                batch.add(fromBytes(b));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in a batch of labelled results");
            }
            return batch;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("batch of labelled results truncated (" + bytes.length + " bytes)", e);
        }
    }

    /** Reads {@link #toBytes()}; IllegalArgumentException on anything else. */
    public static LabelledResult fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException("bad model length " + n + " in a labelled result");
            }
            byte[] m = new byte[n];
            in.get(m);
            LabelledResult r = new LabelledResult(new String(m, StandardCharsets.UTF_8), in.getLong(), in.getDouble(), in.getDouble(),
                in.getLong());
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in a labelled result");
            }
            return r;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("labelled result truncated (" + bytes.length + " bytes)", e);
        }
    }
}
