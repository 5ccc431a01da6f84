package io.inferstream.drift.label;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * What meets in the label join, per requestId: a scored result's prediction or a label. Both sides travel through one
 * repartition topic, in batches keyed by {@link #bucket} of the request id, in this compact binary form (a few dozen
 * bytes per entry), not as Avro: the join needs four fields of a result that carries its whole feature map.
 */
public sealed interface JoinInput {

    /** Event time (epoch millis): when the request was scored, or when the label was observed. */
    long time();

    /**
     * A scored result.
     *
     * @param model   model name
     * @param version model version
     * @param score   the positive-class probability (the {@code drift.label.output} output)
     * @param time    the result's event time
     */
    record Prediction(String model, long version, double score, long time) implements JoinInput {
        public Prediction {
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * A label: the observed outcome of the positive class, in [0, 1].
     *
     * @param label  1 positive, 0 negative
     * @param time   when it was observed
     * @param source where it came from ({@code user-events} or {@code labels}), for counts and logs
     */
    record Feedback(double label, long time, String source) implements JoinInput {
        public Feedback {
            Objects.requireNonNull(source, "source");
        }
    }

    byte PREDICTION = 'P';
    byte FEEDBACK = 'F';

    /**
     * How many buckets request ids are hashed into for the label join's repartition. Results and labels travel in
     * batches keyed by bucket ({@link #bucket}) rather than one record per request: a request's result and its label
     * land in the same bucket, hence on the same task, and one repartition record carries all of a task's results of a
     * bucket per flush. Also the most tasks the join can use.
     */
    int BUCKETS = 16;

    /** One request's prediction or label, in a batch. */
    record Entry(String requestId, JoinInput input) {
        public Entry {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(input, "input");
        }
    }

    /** The key of a request id's bucket on drift-observations: {@code j<murmur2 of the id mod BUCKETS>}. */
    static String bucket(String requestId) {
        return bucketKey(bucketIndex(requestId));
    }

    /** A request id's bucket, 0 to {@code BUCKETS - 1}. */
    static int bucketIndex(String requestId) {
        return Utils.toPositive(Utils.murmur2(requestId.getBytes(StandardCharsets.UTF_8))) % BUCKETS;
    }

    /** The key of bucket {@code index}: {@code j<index>}. */
    static String bucketKey(int index) {
        return BucketKeys.KEYS[index];
    }

    /** The bucket keys, made once rather than per result. */
    final class BucketKeys {
        private static final String[] KEYS = java.util.stream.IntStream.range(0, BUCKETS).mapToObj(i -> "j" + i).toArray(String[]::new);

        private BucketKeys() {
        }
    }

    /**
     * A batch's binary form, compact ({@link CompactBatch}): format byte, entry count, the batch's distinct model names
     * and label sources, the first entry's time; then per entry its request id (length-prefixed UTF-8), a kind byte
     * (prediction with a float or a double score, label 0, 1 or another value), the model or source by index, the
     * version and score or the label, and the time as a difference from the first entry's.
     */
    static byte[] batchToBytes(List<Entry> entries) {
        CompactBatch.Table table = new CompactBatch.Table();
        for (Entry e : entries) {
            table.index(e.input() instanceof Prediction p ? p.model() : ((Feedback) e.input()).source());
        }
        long base = entries.isEmpty() ? 0 : entries.get(0).input().time();
        CompactBatch.Writer out = new CompactBatch.Writer(entries.size(), 24, table.strings()).varlong(base);
        for (Entry e : entries) {
            out.string(e.requestId());
            if (e.input() instanceof Prediction p) {
                boolean asFloat = CompactBatch.exactAsFloat(p.score());
                out.put(asFloat ? KIND_FLOAT_SCORE : KIND_DOUBLE_SCORE).varint(table.index(p.model())).varlong(p.version())
                    .number(p.score(), asFloat);
            } else {
                Feedback f = (Feedback) e.input();
                byte kind = f.label() == 0 ? KIND_LABEL_0 : f.label() == 1 ? KIND_LABEL_1 : KIND_LABEL_OTHER;
                out.put(kind).varint(table.index(f.source()));
                if (kind == KIND_LABEL_OTHER) {
                    out.number(f.label(), false);
                }
            }
            out.varlong(e.input().time() - base);
        }
        return out.toArray();
    }

    /** The kind bytes of a compact batch's entries. */
    byte KIND_FLOAT_SCORE = 1;
    byte KIND_DOUBLE_SCORE = 2;
    byte KIND_LABEL_0 = 3;
    byte KIND_LABEL_1 = 4;
    byte KIND_LABEL_OTHER = 5;

    /**
     * Reads {@link #batchToBytes}, and the earlier fixed-width format (still in a join's changelog or on
     * drift-observations after an upgrade); IllegalArgumentException on anything else.
     */
    static List<Entry> batchFromBytes(byte[] bytes) {
        if (!CompactBatch.isCompact(bytes)) {
            return fixedWidthBatchFromBytes(bytes);
        }
        CompactBatch.Reader in = new CompactBatch.Reader(bytes, "label-join batch");
        return in.read(() -> {
            long base = in.varlong();
            List<Entry> entries = new ArrayList<>(in.entries());
            for (int i = 0; i < in.entries(); i++) {
                String id = in.string();
                byte kind = in.get();
                JoinInput input = switch (kind) {
                    case KIND_FLOAT_SCORE, KIND_DOUBLE_SCORE -> {
                        String model = in.tableString();
                        long version = in.varlong();
                        double score = in.number(kind == KIND_FLOAT_SCORE);
                        yield new Prediction(model, version, score, base + in.varlong());
                    }
                    case KIND_LABEL_0, KIND_LABEL_1, KIND_LABEL_OTHER -> {
                        String source = in.tableString();
                        double label = kind == KIND_LABEL_0 ? 0 : kind == KIND_LABEL_1 ? 1 : in.number(false);
                        yield new Feedback(label, base + in.varlong(), source);
                    }
                    default -> throw new IllegalArgumentException("unknown entry kind " + kind);
                };
                entries.add(new Entry(id, input));
            }
            in.end();
            return entries;
        });
    }

    /**
     * The earlier fixed-width batch format: the entry count, then per entry its request id (length-prefixed UTF-8) and
     * its {@link #toBytes} form (length-prefixed). Written before the compact format; read so that an upgrade restores
     * the join's waiting entries.
     */
    static byte[] fixedWidthBatchToBytes(List<Entry> entries) {
        byte[][] ids = new byte[entries.size()][];
        byte[][] inputs = new byte[entries.size()][];
        int size = 4;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = entries.get(i).requestId().getBytes(StandardCharsets.UTF_8);
            inputs[i] = toBytes(entries.get(i).input());
            size += 4 + ids[i].length + 4 + inputs[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.putInt(ids[i].length).put(ids[i]).putInt(inputs[i].length).put(inputs[i]);
        }
        return out.array();
    }

    /** Reads {@link #fixedWidthBatchToBytes}; IllegalArgumentException on anything else. */
    static List<Entry> fixedWidthBatchFromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int n = in.getInt();
            if (n < 0 || n > bytes.length) {
                throw new IllegalArgumentException("bad entry count " + n + " in a label-join batch");
            }
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = string(in);
                int len = in.getInt();
                if (len < 0 || len > in.remaining()) {
                    throw new IllegalArgumentException("bad entry length " + len + " in a label-join batch");
                }
                byte[] entry = new byte[len];
                in.get(entry);
                entries.add(new Entry(id, fromBytes(entry)));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in a label-join batch");
            }
            return entries;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("label-join batch truncated (" + bytes.length + " bytes)", e);
        }
    }

    /** The binary form: a type byte, then the fields. */
    static byte[] toBytes(JoinInput in) {
        if (in instanceof Prediction p) {
            byte[] model = p.model().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + model.length + 8 + 8 + 8).put(PREDICTION).putInt(model.length).put(model)
                .putLong(p.version()).putDouble(p.score()).putLong(p.time()).array();
        }
        Feedback f = (Feedback) in;
        byte[] source = f.source().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + 4 + source.length).put(FEEDBACK).putDouble(f.label()).putLong(f.time())
            .putInt(source.length).put(source).array();
    }

    /** Reads {@link #toBytes}; IllegalArgumentException on anything else. */
    static JoinInput fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte type = in.get();
            JoinInput out;
            if (type == PREDICTION) {
                String model = string(in);
                out = new Prediction(model, in.getLong(), in.getDouble(), in.getLong());
            } else if (type == FEEDBACK) {
                double label = in.getDouble();
                long time = in.getLong();
                out = new Feedback(label, time, string(in));
            } else {
                throw new IllegalArgumentException("unknown label-join record type " + type);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in a label-join record");
            }
            return out;
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("label-join record truncated (" + bytes.length + " bytes)", e);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("bad string length " + n + " in a label-join record");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
