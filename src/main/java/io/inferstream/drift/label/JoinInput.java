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
     * A batch's binary form: the entry count, then per entry its request id (length-prefixed UTF-8) and its
     * {@link #toBytes} form (length-prefixed). Runs once per forwarded batch, so it sizes the batch first and writes it
     * into one array, with no allocation per entry.
     */
    static byte[] batchToBytes(List<Entry> entries) {
        int size = 4;
        for (Entry e : entries) {
            size += 4 + utf8Length(e.requestId()) + 4 + encodedSize(e.input());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(entries.size());
        for (Entry e : entries) {
            putString(out, e.requestId());
            int at = out.position();
            out.position(at + 4); // the entry's length, once written
            if (e.input() instanceof Prediction p) {
                out.put(PREDICTION);
                putString(out, p.model());
                out.putLong(p.version()).putDouble(p.score()).putLong(p.time());
            } else {
                Feedback f = (Feedback) e.input();
                out.put(FEEDBACK).putDouble(f.label()).putLong(f.time());
                putString(out, f.source());
            }
            out.putInt(at, out.position() - at - 4);
        }
        return out.array();
    }

    /** The length of {@link #toBytes}. */
    private static int encodedSize(JoinInput in) {
        return in instanceof Prediction p ? 1 + 4 + utf8Length(p.model()) + 8 + 8 + 8 : 1 + 8 + 8 + 4 + utf8Length(((Feedback) in).source());
    }

    /** A string's length in UTF-8 as {@code String.getBytes(UTF_8)} writes it (an unpaired surrogate as one '?'). */
    private static int utf8Length(String s) {
        int n = s.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // 4 bytes for the 2 chars
                i++;
            }
        }
        return length;
    }

    /** Its UTF-8 length, then the bytes of {@code String.getBytes(UTF_8)}, without that array. */
    private static void putString(ByteBuffer out, String s) {
        int at = out.position();
        out.position(at + 4);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xc0 | (c >> 6))).put((byte) (0x80 | (c & 0x3f)));
            } else if (!Character.isSurrogate(c)) {
                out.put((byte) (0xe0 | (c >> 12))).put((byte) (0x80 | ((c >> 6) & 0x3f))).put((byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.put((byte) (0xf0 | (cp >> 18))).put((byte) (0x80 | ((cp >> 12) & 0x3f))).put((byte) (0x80 | ((cp >> 6) & 0x3f)))
                    .put((byte) (0x80 | (cp & 0x3f)));
            } else {
                out.put((byte) '?'); // an unpaired surrogate, replaced as String.getBytes does
            }
        }
        out.putInt(at, out.position() - at - 4);
    }

    /** Reads {@link #batchToBytes}; IllegalArgumentException on anything else. */
    static List<Entry> batchFromBytes(byte[] bytes) {
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
