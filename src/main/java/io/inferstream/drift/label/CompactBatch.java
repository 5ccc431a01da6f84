package io.inferstream.drift.label;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The building blocks of the label join's compact batch formats ({@link JoinInput#batchToBytes},
 * {@link LabelledResult#batchToBytes}): a format byte, Kafka's varints ({@link ByteUtils}, zig-zag for signed values),
 * a table of the batch's distinct strings (model names, label sources) written once and referenced by index, event
 * times as differences from the batch's first, and probabilities as 4-byte floats whenever that is exact (a model's
 * FLOAT output always is).
 *
 * <p>Why it matters: every scored result crosses the broker three times on its way to the performance windows (on
 * drift-observations, in the join's changelog, on the labelled-results repartition), so bytes per result are most of
 * what label monitoring costs the pipeline. A prediction went from 51 bytes (fixed-width fields, the model name
 * repeated) to about 20 with an 11-character request id; a labelled result from 43 to about 9.
 */
final class CompactBatch {

    /**
     * The compact formats' first byte. The earlier fixed-width formats began with a 4-byte big-endian entry count, so
     * with their first byte 0 for any batch under 16 million entries: readers tell the two apart by this byte.
     */
    static final byte FORMAT = 2;

    private CompactBatch() {
    }

    /** Whether {@code bytes} is a compact batch rather than one of the earlier fixed-width format. */
    static boolean isCompact(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == FORMAT;
    }

    /** Whether {@code v} survives the round trip through a float exactly (then 4 bytes carry it). */
    static boolean exactAsFloat(double v) {
        return (double) (float) v == v;
    }

    /** Writes a batch into a buffer that grows as needed; {@link #toArray} returns exactly what was written. */
    static final class Writer {
        private ByteBuffer buf;

        /** Starts a batch: the format byte, the entry count and the string table; entries follow. */
        Writer(int entries, int bytesPerEntry, List<String> table) {
            buf = ByteBuffer.allocate(16 + entries * bytesPerEntry);
            buf.put(FORMAT);
            varint(entries);
            varint(table.size());
            for (String s : table) {
                string(s);
            }
        }

        Writer varint(int v) {
            ensure(5);
            ByteUtils.writeUnsignedVarint(v, buf);
            return this;
        }

        Writer varlong(long v) {
            ensure(10);
            ByteUtils.writeVarlong(v, buf);
            return this;
        }

        Writer put(byte b) {
            ensure(1);
            buf.put(b);
            return this;
        }

        /** {@code v} as a float if {@code asFloat} (the caller checked {@link #exactAsFloat}), else as a double. */
        Writer number(double v, boolean asFloat) {
            ensure(8);
            if (asFloat) {
                buf.putFloat((float) v);
            } else {
                buf.putDouble(v);
            }
            return this;
        }

        /** A length-prefixed UTF-8 string. */
        Writer string(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Length-prefixed bytes. */
        Writer bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            buf.put(b);
            return this;
        }

        byte[] toArray() {
            return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        }

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }
    }

    /** Reads a compact batch; every malformation is an IllegalArgumentException naming {@code what}. */
    static final class Reader {
        private final ByteBuffer in;
        private final String what;
        private final int entries;
        private final List<String> table;

        /** Reads the header: format byte, entry count, string table. */
        Reader(byte[] bytes, String what) {
            this.in = ByteBuffer.wrap(bytes);
            this.what = what;
            try {
                if (in.get() != FORMAT) {
                    throw new IllegalArgumentException("not a compact " + what);
                }
                this.entries = count(bytes.length, "entry count");
                int strings = count(bytes.length, "string table size");
                this.table = new ArrayList<>(strings);
                for (int i = 0; i < strings; i++) {
                    table.add(string());
                }
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw malformed(e);
            }
        }

        int entries() {
            return entries;
        }

        /** Runs {@code read}, turning a read past the end or a bad varint into an IllegalArgumentException. */
        <T> T read(java.util.function.Supplier<T> read) {
            try {
                return read.get();
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw malformed(e);
            }
        }

        /** The end: anything left over is an error. */
        void end() {
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes in a " + what);
            }
        }

        int varint() {
            return ByteUtils.readUnsignedVarint(in);
        }

        long varlong() {
            return ByteUtils.readVarlong(in);
        }

        byte get() {
            return in.get();
        }

        double number(boolean asFloat) {
            return asFloat ? in.getFloat() : in.getDouble();
        }

        /** A string of the table, by the index that follows. */
        String tableString() {
            int i = varint();
            if (i >= table.size()) {
                throw new IllegalArgumentException("string index " + i + " beyond the table of " + table.size());
            }
            return table.get(i);
        }

        String string() {
            int n = count(in.remaining(), "string length");
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        private int count(int limit, String name) {
            int n = varint();
            if (n < 0 || n > limit) {
                throw new IllegalArgumentException("bad " + name + " " + n);
            }
            return n;
        }

        private IllegalArgumentException malformed(RuntimeException e) {
            return e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().contains(what)
                ? iae : new IllegalArgumentException("malformed " + what + " (" + in.capacity() + " bytes): " + e.getMessage(), e);
        }
    }

    /** The distinct strings of a batch, in order of first appearance, and each string's index. */
    static final class Table {
        private final List<String> strings = new ArrayList<>(2);

        /** The index of {@code s}, added if new (batches hold a few distinct models, so a list search is enough). */
        int index(String s) {
            for (int i = 0; i < strings.size(); i++) {
                if (strings.get(i).equals(s)) {
                    return i;
                }
            }
            strings.add(s);
            return strings.size() - 1;
        }

        List<String> strings() {
            return strings;
        }
    }
}
