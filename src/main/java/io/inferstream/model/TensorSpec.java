package io.inferstream.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input or output of a model signature, described without TensorFlow types.
 *
 * @param name the signature key of the tensor: the name callers (and the Avro feature mapping) use
 * @param tensorName the graph tensor it maps to, e.g. {@code "x:0"}; for diagnostics
 * @param dtype element type
 * @param shape full shape including the batch dimension, {@code -1} for an unknown size, or
 *     {@code null} when even the rank is unknown
 * @param batch how the leading dimension behaves; see {@link BatchDimension}
 */
public record TensorSpec(String name, String tensorName, DType dtype, long[] shape, BatchDimension batch) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tensorName, "tensorName");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(batch, "batch");
        shape = shape == null ? null : shape.clone();
    }

    /** Builds a spec whose batch dimension is derived from the shape by {@link #batchOf(long[])}. */
    public static TensorSpec of(String name, String tensorName, DType dtype, long[] shape) {
        return new TensorSpec(name, tensorName, dtype, shape, batchOf(shape));
    }

    /**
     * Classifies the leading dimension: unknown rank or {@code -1} is {@link BatchDimension#VARIABLE},
     * {@code 1} is {@link BatchDimension#FIXED_ONE}, a scalar or any other fixed size is {@link
     * BatchDimension#NONE}.
     */
    public static BatchDimension batchOf(long[] shape) {
        if (shape == null) {
            return BatchDimension.VARIABLE;
        }
        if (shape.length == 0) {
            return BatchDimension.NONE;
        }
        if (shape[0] < 0) {
            return BatchDimension.VARIABLE;
        }
        return shape[0] == 1 ? BatchDimension.FIXED_ONE : BatchDimension.NONE;
    }

    @Override
    public long[] shape() {
        return shape == null ? null : shape.clone();
    }

    /** Whether the rank is known; when it is not, any per-row shape is accepted. */
    public boolean rankKnown() {
        return shape != null;
    }

    /**
     * The shape of one row: the shape without its batch dimension ({@code -1} where unknown), the whole
     * shape when there is no batch dimension, or {@code null} when the rank is unknown.
     */
    public long[] rowShape() {
        if (shape == null) {
            return null;
        }
        return batch == BatchDimension.NONE ? shape.clone() : Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Whether a row of the given shape fits this spec (same rank, equal sizes where known). */
    public boolean acceptsRowShape(long[] candidate) {
        long[] expected = rowShape();
        if (expected == null) {
            return true;
        }
        if (candidate.length != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >= 0 && expected[i] != candidate[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t
                && name.equals(t.name)
                && tensorName.equals(t.tensorName)
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && batch == t.batch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tensorName, dtype, Arrays.hashCode(shape), batch);
    }

    @Override
    public String toString() {
        return name + "(" + tensorName + ") " + dtype + (shape == null ? "[?]" : Arrays.toString(shape)) + " batch=" + batch;
    }
}
