package io.inferstream.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Copies between flat {@link Column} arrays and TensorFlow tensors through data buffers (one bulk
 * copy, no per-element NdArray walking). The caller owns and closes every tensor.
 */
final class TensorConversion {

    private TensorConversion() {}

    /** A new tensor of {@code shape} holding elements {@code [offset, offset + shape.size())}. */
    static Tensor toTensor(Column column, int offset, Shape shape) {
        int n = Math.toIntExact(shape.size());
        Object a = column.array();
        return switch (column.dtype()) {
            case FLOAT -> TFloat32.tensorOf(shape, DataBuffers.of((float[]) a, true, false).slice(offset, n));
            case DOUBLE -> TFloat64.tensorOf(shape, DataBuffers.of((double[]) a, true, false).slice(offset, n));
            case INT32 -> TInt32.tensorOf(shape, DataBuffers.of((int[]) a, true, false).slice(offset, n));
            case INT64 -> TInt64.tensorOf(shape, DataBuffers.of((long[]) a, true, false).slice(offset, n));
            case BOOL -> TBool.tensorOf(shape, DataBuffers.of((boolean[]) a, true, false).slice(offset, n));
            case STRING -> a instanceof byte[][] bytes
                    ? TString.tensorOfBytes(shape, DataBuffers.ofObjects(bytes).slice(offset, n))
                    : TString.tensorOf(shape, DataBuffers.ofObjects((String[]) a).slice(offset, n));
        };
    }

    /** Copies a tensor of the given dtype into a new column with the given per-row shape. */
    static Column fromTensor(Tensor tensor, DType dtype, long[] rowShape) {
        int n = Math.toIntExact(tensor.shape().size());
        Object array = Column.newArray(dtype, n);
        switch (dtype) {
            case FLOAT -> ((TFloat32) tensor).copyTo(DataBuffers.of((float[]) array, false, false));
            case DOUBLE -> ((TFloat64) tensor).copyTo(DataBuffers.of((double[]) array, false, false));
            case INT32 -> ((TInt32) tensor).copyTo(DataBuffers.of((int[]) array, false, false));
            case INT64 -> ((TInt64) tensor).copyTo(DataBuffers.of((long[]) array, false, false));
            case BOOL -> ((TBool) tensor).copyTo(DataBuffers.of((boolean[]) array, false, false));
            case STRING -> ((TString) tensor).copyTo(DataBuffers.ofObjects((String[]) array));
        }
        return Column.wrap(dtype, array, rowShape);
    }
}
