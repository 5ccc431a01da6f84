package io.inferstream.inference;

import io.inferstream.avro.DType;
import io.inferstream.avro.Tensor;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts one request's rows of a scored batch into the Avro tensors of its result. */
final class OutputTensors {

    private OutputTensors() {
    }

    /** Rows {@code [from, from + rows)} of every output; a single-example request gets its row without the batch dimension. */
    static Map<String, Tensor> slice(BatchOutput output, int from, int rows, boolean batched) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        output.columns().forEach((name, column) -> tensors.put(name, toTensor(column, from, rows, batched)));
        return tensors;
    }

    static Tensor toTensor(Column column, int fromRow, int rows, boolean batched) {
        int rowSize = column.rowSize();
        int from = fromRow * rowSize;
        int to = (fromRow + rows) * rowSize;
        List<Long> shape = new ArrayList<>();
        if (batched) {
            shape.add((long) rows);
        }
        for (long d : column.rowShape()) {
            shape.add(d);
        }
        Tensor.Builder t = Tensor.newBuilder().setShape(shape)
            .setFloatValues(List.of()).setDoubleValues(List.of()).setIntValues(List.of())
            .setLongValues(List.of()).setStringValues(List.of());
        switch (column.dtype()) {
            case FLOAT -> {
                float[] v = column.floats();
                List<Float> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add(v[i]);
                }
                t.setDtype(DType.FLOAT).setFloatValues(out);
            }
            case DOUBLE -> {
                double[] v = column.doubles();
                List<Double> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add(v[i]);
                }
                t.setDtype(DType.DOUBLE).setDoubleValues(out);
            }
            case INT32 -> {
                int[] v = column.ints();
                List<Integer> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add(v[i]);
                }
                t.setDtype(DType.INT32).setIntValues(out);
            }
            case BOOL -> {
                boolean[] v = column.bools();
                List<Integer> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add(v[i] ? 1 : 0);
                }
                t.setDtype(DType.BOOL).setIntValues(out);
            }
            case INT64 -> {
                long[] v = column.longs();
                List<Long> out = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    out.add(v[i]);
                }
                t.setDtype(DType.INT64).setLongValues(out);
            }
            case STRING -> {
                String[] v = column.strings();
                t.setDtype(DType.STRING).setStringValues(new ArrayList<>(List.of(v).subList(from, to)));
            }
            default -> throw new IllegalStateException("unhandled dtype " + column.dtype());
        }
        return t.build();
    }
}
