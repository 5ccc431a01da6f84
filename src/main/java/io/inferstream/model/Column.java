package io.inferstream.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A flat, row-major column of values for one model input or output: all rows of a batch back to
 * back, each row holding {@link #rowSize()} elements laid out in {@link #rowShape()}.
 *
 * <p>Flat primitive arrays (rather than nested arrays or boxed lists) are what TensorFlow tensors
 * are built from and read into without per-element work, and they let the topology split a scored
 * batch back into requests by index arithmetic. A column does not copy the array it is given: the
 * caller hands it over and must not modify it afterwards.
 */
public final class Column {

    private final DType dtype;
    private final Object values;
    private final int length;
    private final long[] rowShape;
    private final int rowSize;

    private Column(DType dtype, Object values, int length, long[] rowShape) {
        this.dtype = dtype;
        this.values = values;
        this.length = length;
        this.rowShape = rowShape.clone();
        this.rowSize = sizeOf(this.rowShape);
        if (rowSize > 0 ? length % rowSize != 0 : length != 0) {
            throw new IllegalArgumentException(
                    length + " values do not form whole rows of shape " + Arrays.toString(rowShape));
        }
    }

    /** Float column; {@code rowShape} empty means one scalar per row. */
    public static Column floats(float[] values, long... rowShape) {
        return new Column(DType.FLOAT, Objects.requireNonNull(values, "values"), values.length, rowShape);
    }

    /** Double column; {@code rowShape} empty means one scalar per row. */
    public static Column doubles(double[] values, long... rowShape) {
        return new Column(DType.DOUBLE, Objects.requireNonNull(values, "values"), values.length, rowShape);
    }

    /** Int32 column; {@code rowShape} empty means one scalar per row. */
    public static Column ints(int[] values, long... rowShape) {
        return new Column(DType.INT32, Objects.requireNonNull(values, "values"), values.length, rowShape);
    }

    /** Int64 column; {@code rowShape} empty means one scalar per row. */
    public static Column longs(long[] values, long... rowShape) {
        return new Column(DType.INT64, Objects.requireNonNull(values, "values"), values.length, rowShape);
    }

    /** Text column (encoded as UTF-8 for TensorFlow); elements must not be null. */
    public static Column strings(String[] values, long... rowShape) {
        Objects.requireNonNull(values, "values");
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("string column element " + i + " is null");
            }
        }
        return new Column(DType.STRING, values, values.length, rowShape);
    }

    /**
     * String column holding raw bytes, fed to TensorFlow unchanged: for inputs that are not text,
     * such as serialized {@code tf.Example} protos. Elements must not be null.
     */
    public static Column byteStrings(byte[][] values, long... rowShape) {
        Objects.requireNonNull(values, "values");
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException("byte string column element " + i + " is null");
            }
        }
        return new Column(DType.STRING, values, values.length, rowShape);
    }

    /** Boolean column; {@code rowShape} empty means one scalar per row. */
    public static Column bools(boolean[] values, long... rowShape) {
        return new Column(DType.BOOL, Objects.requireNonNull(values, "values"), values.length, rowShape);
    }

    /** A column of {@code rows} rows of the given shape, all zero (or empty strings, or false). */
    public static Column zeros(DType dtype, int rows, long... rowShape) {
        int n = Math.multiplyExact(rows, sizeOf(rowShape));
        return switch (dtype) {
            case FLOAT -> floats(new float[n], rowShape);
            case DOUBLE -> doubles(new double[n], rowShape);
            case INT32 -> ints(new int[n], rowShape);
            case INT64 -> longs(new long[n], rowShape);
            case STRING -> {
                String[] s = new String[n];
                Arrays.fill(s, "");
                yield strings(s, rowShape);
            }
            case BOOL -> bools(new boolean[n], rowShape);
        };
    }

    /** Number of elements in a row of that shape; fails on negative sizes or int overflow. */
    static int sizeOf(long[] shape) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("row shape has an unknown or negative size: " + Arrays.toString(shape));
            }
            size = Math.multiplyExact(size, d);
        }
        return Math.toIntExact(size);
    }

    public DType dtype() {
        return dtype;
    }

    /** The shape of one row (without the batch dimension); empty for one scalar per row. */
    public long[] rowShape() {
        return rowShape.clone();
    }

    /** Elements per row: the product of {@link #rowShape()}. */
    public int rowSize() {
        return rowSize;
    }

    /** Total number of elements. */
    public int length() {
        return length;
    }

    /** Number of rows, or {@code -1} when a row has no elements (the count is then not derivable). */
    public int rows() {
        return rowSize == 0 ? -1 : length / rowSize;
    }

    public float[] floats() {
        return (float[]) typed(DType.FLOAT);
    }

    public double[] doubles() {
        return (double[]) typed(DType.DOUBLE);
    }

    public int[] ints() {
        return (int[]) typed(DType.INT32);
    }

    public long[] longs() {
        return (long[]) typed(DType.INT64);
    }

    /** The strings of a text column (built with {@link #strings}); fails for a byte-string column. */
    public String[] strings() {
        Object a = typed(DType.STRING);
        if (!(a instanceof String[] strings)) {
            throw new IllegalStateException("column holds raw byte strings; use byteStrings()");
        }
        return strings;
    }

    /** The elements of a string column as bytes (text columns are encoded as UTF-8). */
    public byte[][] byteStrings() {
        Object a = typed(DType.STRING);
        if (a instanceof byte[][] bytes) {
            return bytes;
        }
        String[] strings = (String[]) a;
        byte[][] bytes = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            bytes[i] = strings[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /** Whether this is a string column holding raw bytes rather than text. */
    public boolean holdsBytes() {
        return values instanceof byte[][];
    }

    public boolean[] bools() {
        return (boolean[]) typed(DType.BOOL);
    }

    /** The backing array, whatever its type (package use: tensor conversion). */
    Object array() {
        return values;
    }

    private Object typed(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("column holds " + dtype + ", not " + expected);
        }
        return values;
    }

    /** Rows {@code [fromRow, toRow)} as a new column (copied), e.g. one request's share of a batch. */
    public Column slice(int fromRow, int toRow) {
        Objects.checkFromToIndex(fromRow, toRow, rowSize == 0 ? toRow : length / rowSize);
        int from = fromRow * rowSize;
        int to = toRow * rowSize;
        return switch (dtype) {
            case FLOAT -> floats(Arrays.copyOfRange((float[]) values, from, to), rowShape);
            case DOUBLE -> doubles(Arrays.copyOfRange((double[]) values, from, to), rowShape);
            case INT32 -> ints(Arrays.copyOfRange((int[]) values, from, to), rowShape);
            case INT64 -> longs(Arrays.copyOfRange((long[]) values, from, to), rowShape);
            case STRING -> new Column(DType.STRING, Arrays.copyOfRange((Object[]) values, from, to), to - from, rowShape);
            case BOOL -> bools(Arrays.copyOfRange((boolean[]) values, from, to), rowShape);
        };
    }

    /** Concatenates columns of equal dtype and row shape, rows in list order. */
    public static Column concat(List<Column> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        Column first = parts.get(0);
        int total = 0;
        for (Column c : parts) {
            if (c.dtype != first.dtype || !Arrays.equals(c.rowShape, first.rowShape)
                    || c.values.getClass() != first.values.getClass()) {
                throw new IllegalArgumentException("cannot concatenate " + c + " to " + first);
            }
            total = Math.addExact(total, c.length);
        }
        Object target = java.lang.reflect.Array.newInstance(first.values.getClass().getComponentType(), total);
        int at = 0;
        for (Column c : parts) {
            System.arraycopy(c.values, 0, target, at, c.length);
            at += c.length;
        }
        return new Column(first.dtype, target, total, first.rowShape);
    }

    static Object newArray(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case STRING -> new String[n];
            case BOOL -> new boolean[n];
        };
    }

    /** Wraps an array already of the right type (package use: tensor conversion). */
    static Column wrap(DType dtype, Object array, long[] rowShape) {
        return new Column(dtype, array, java.lang.reflect.Array.getLength(array), rowShape);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Column c) || c.dtype != dtype || !Arrays.equals(c.rowShape, rowShape)) {
            return false;
        }
        return switch (dtype) {
            case FLOAT -> Arrays.equals((float[]) values, (float[]) c.values);
            case DOUBLE -> Arrays.equals((double[]) values, (double[]) c.values);
            case INT32 -> Arrays.equals((int[]) values, (int[]) c.values);
            case INT64 -> Arrays.equals((long[]) values, (long[]) c.values);
            case STRING -> Arrays.deepEquals((Object[]) values, (Object[]) c.values);
            case BOOL -> Arrays.equals((boolean[]) values, (boolean[]) c.values);
        };
    }

    @Override
    public int hashCode() {
        int h = switch (dtype) {
            case FLOAT -> Arrays.hashCode((float[]) values);
            case DOUBLE -> Arrays.hashCode((double[]) values);
            case INT32 -> Arrays.hashCode((int[]) values);
            case INT64 -> Arrays.hashCode((long[]) values);
            case STRING -> Arrays.deepHashCode((Object[]) values);
            case BOOL -> Arrays.hashCode((boolean[]) values);
        };
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(rowShape)) + h;
    }

    @Override
    public String toString() {
        return "Column[" + dtype + " x" + length + " row" + Arrays.toString(rowShape) + "]";
    }
}
