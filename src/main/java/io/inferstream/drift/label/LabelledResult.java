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

    /** Flag bits of a compact batch's entries: the score as a double (else a float); the label 0, 1 or a double. */
    private static final int DOUBLE_SCORE = 1;
    private static final int LABEL_1 = 2;
    private static final int LABEL_OTHER = 4;

    /**
     * A batch's binary form, compact ({@link CompactBatch}): format byte, count, the batch's distinct model names, the
     * first result's time; then per result a flags byte, the model by index, the version, the score (a float when
     * exact), the label (in the flags when 0 or 1) and the time as a difference from the first result's: about 9 bytes
     * a result.
     */
    public static byte[] batchToBytes(List<LabelledResult> batch) {
        CompactBatch.Table models = new CompactBatch.Table();
        batch.forEach(r -> models.index(r.model()));
        long base = batch.isEmpty() ? 0 : batch.get(0).time();
        CompactBatch.Writer out = new CompactBatch.Writer(batch.size(), 12, models.strings()).varlong(base);
        for (LabelledResult r : batch) {
            boolean floatScore = CompactBatch.exactAsFloat(r.score());
            int flags = (floatScore ? 0 : DOUBLE_SCORE) | (r.label() == 1 ? LABEL_1 : r.label() == 0 ? 0 : LABEL_OTHER);
            out.put((byte) flags).varint(models.index(r.model())).varlong(r.version()).number(r.score(), floatScore);
            if ((flags & LABEL_OTHER) != 0) {
                out.number(r.label(), false);
            }
            out.varlong(r.time() - base);
        }
        return out.toArray();
    }

    /**
     * Reads {@link #batchToBytes}, and the earlier fixed-width format (on the repartition topic during an upgrade);
     * IllegalArgumentException on anything else.
     */
    public static List<LabelledResult> batchFromBytes(byte[] bytes) {
        if (!CompactBatch.isCompact(bytes)) {
            return fixedWidthBatchFromBytes(bytes);
        }
        CompactBatch.Reader in = new CompactBatch.Reader(bytes, "batch of labelled results");
        return in.read(() -> {
            long base = in.varlong();
            List<LabelledResult> batch = new ArrayList<>(in.entries());
            for (int i = 0; i < in.entries(); i++) {
                int flags = in.get();
                if ((flags & ~(DOUBLE_SCORE | LABEL_1 | LABEL_OTHER)) != 0 || (flags & LABEL_1) != 0 && (flags & LABEL_OTHER) != 0) {
                    throw new IllegalArgumentException("bad flags " + flags);
                }
                String model = in.tableString();
                long version = in.varlong();
                double score = in.number((flags & DOUBLE_SCORE) == 0);
                double label = (flags & LABEL_OTHER) != 0 ? in.number(false) : (flags & LABEL_1) != 0 ? 1 : 0;
                batch.add(new LabelledResult(model, version, score, label, base + in.varlong()));
            }
            in.end();
            return batch;
        });
    }

    /** The earlier fixed-width batch format: the count, then each result's {@link #toBytes()} with its length. */
    static byte[] fixedWidthBatchToBytes(List<LabelledResult> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + batch.size() * 64);
        out.writeBytes(ByteBuffer.allocate(4).putInt(batch.size()).array());
        for (LabelledResult r : batch) {
            byte[] b = r.toBytes();
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** Reads {@link #fixedWidthBatchToBytes}; IllegalArgumentException on anything else. */
    static List<LabelledResult> fixedWidthBatchFromBytes(byte[] bytes) {
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
