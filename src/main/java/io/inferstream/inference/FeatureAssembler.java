package io.inferstream.inference;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Tensor;
import io.inferstream.model.Column;
import io.inferstream.model.DType;
import io.inferstream.model.ModelSignature;
import io.inferstream.model.TensorSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an {@link InferenceRequest}'s Avro tensors into model input columns, checking them against
 * the served signature so that a bad request is rejected alone, with a precise reason, before it
 * can fail a whole batch.
 *
 * <p>A feature's shape is either the signature's row shape (one example) or that shape with a
 * leading batch dimension (several rows). An empty shape with exactly one row's worth of values is
 * read as one row, so hand-written JSON may leave shapes out. String inputs may also be given in the
 * request's {@code categorical} map; other categorical entries are metadata (drift segments).
 */
public final class FeatureAssembler {

    private final int maxRowsPerRequest;
    private final boolean allowNonFinite;

    public FeatureAssembler(int maxRowsPerRequest, boolean allowNonFinite) {
        if (maxRowsPerRequest < 1) {
            throw new IllegalArgumentException("maxRowsPerRequest must be >= 1, got " + maxRowsPerRequest);
        }
        this.maxRowsPerRequest = maxRowsPerRequest;
        this.allowNonFinite = allowNonFinite;
    }

    public RequestRows assemble(InferenceRequest request, ModelSignature signature) throws RequestRejectedException {
        Map<String, Tensor> features = request.getFeatures();
        for (String name : features.keySet()) {
            if (!signature.inputs().containsKey(name)) {
                throw new RequestRejectedException(RejectCode.UNEXPECTED_FEATURE,
                    "feature '" + name + "' is not an input of signature " + signature.key() + "; inputs: " + signature.inputs().keySet());
            }
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        int rows = -1;
        Boolean batched = null;
        for (TensorSpec spec : signature.inputs().values()) {
            Parsed parsed = parse(spec, features.get(spec.name()), request.getCategorical().get(spec.name()));
            if (rows >= 0 && parsed.rows != rows) {
                throw new RequestRejectedException(RejectCode.BAD_SHAPE,
                    "input '" + spec.name() + "' has " + parsed.rows + " rows but other inputs have " + rows);
            }
            rows = parsed.rows;
            batched = batched == null ? parsed.batched : batched || parsed.batched;
            columns.put(spec.name(), parsed.column);
        }
        if (rows <= 0) {
            throw new RequestRejectedException(RejectCode.BAD_SHAPE, "the request has no rows to score");
        }
        return new RequestRows(rows, Boolean.TRUE.equals(batched), columns);
    }

    private record Parsed(int rows, boolean batched, Column column) { }

    private Parsed parse(TensorSpec spec, Tensor tensor, String categorical) throws RequestRejectedException {
        if (tensor == null) {
            if (categorical != null && spec.dtype() == DType.STRING) {
                return new Parsed(1, false, Column.strings(new String[] {categorical}, rowShapeOrScalar(spec)));
            }
            throw new RequestRejectedException(RejectCode.MISSING_FEATURE,
                "input '" + spec.name() + "' (" + spec.dtype() + ") is missing from the request");
        }
        DType given = dtypeOf(tensor);
        if (given != spec.dtype()) {
            throw new RequestRejectedException(RejectCode.BAD_DTYPE,
                "input '" + spec.name() + "' must be " + spec.dtype() + " but the request gives " + given);
        }
        int count = valueCount(tensor);
        long[] shape = tensor.getShape().stream().mapToLong(Long::longValue).toArray();
        long[] rowShape = spec.rowShape();
        boolean batched;
        long[] perRow;
        int rows;
        if (shape.length == 0 && rowShape != null && isFixed(rowShape) && count == product(rowShape) && rowShape.length > 0) {
            // Shape left out: exactly one row's worth of values is one row.
            batched = false;
            perRow = rowShape;
            rows = 1;
        } else if (rowShape == null || shape.length == rowShape.length) {
            batched = false;
            perRow = shape;
            rows = 1;
        } else if (shape.length == rowShape.length + 1) {
            batched = true;
            perRow = Arrays.copyOfRange(shape, 1, shape.length);
            rows = Math.toIntExact(shape[0]);
        } else {
            throw new RequestRejectedException(RejectCode.BAD_SHAPE, "input '" + spec.name() + "' has shape "
                + Arrays.toString(shape) + "; the signature wants rows of shape " + Arrays.toString(rowShape));
        }
        if (!spec.acceptsRowShape(perRow)) {
            throw new RequestRejectedException(RejectCode.BAD_SHAPE, "input '" + spec.name() + "' has rows of shape "
                + Arrays.toString(perRow) + "; the signature wants " + Arrays.toString(rowShape));
        }
        long expected = (long) rows * product(perRow);
        if (expected != count) {
            throw new RequestRejectedException(RejectCode.BAD_SHAPE, "input '" + spec.name() + "' has shape "
                + Arrays.toString(shape) + " (" + expected + " values) but holds " + count + " values");
        }
        if (rows > maxRowsPerRequest) {
            throw new RequestRejectedException(RejectCode.OVERSIZE, "input '" + spec.name() + "' has " + rows
                + " rows; at most " + maxRowsPerRequest + " per request are accepted");
        }
        return new Parsed(rows, batched, toColumn(spec.name(), tensor, given, perRow));
    }

    private Column toColumn(String name, Tensor t, DType dtype, long[] rowShape) throws RequestRejectedException {
        switch (dtype) {
            case FLOAT: {
                List<Float> src = t.getFloatValues();
                float[] v = new float[src.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = src.get(i);
                    if (!allowNonFinite && !Float.isFinite(v[i])) {
                        throw nonFinite(name, i, v[i]);
                    }
                }
                return Column.floats(v, rowShape);
            }
            case DOUBLE: {
                List<Double> src = t.getDoubleValues();
                double[] v = new double[src.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = src.get(i);
                    if (!allowNonFinite && !Double.isFinite(v[i])) {
                        throw nonFinite(name, i, v[i]);
                    }
                }
                return Column.doubles(v, rowShape);
            }
            case INT32: {
                return Column.ints(t.getIntValues().stream().mapToInt(Integer::intValue).toArray(), rowShape);
            }
            case BOOL: {
                List<Integer> src = t.getIntValues();
                boolean[] v = new boolean[src.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = src.get(i) != 0;
                }
                return Column.bools(v, rowShape);
            }
            case INT64: {
                return Column.longs(t.getLongValues().stream().mapToLong(Long::longValue).toArray(), rowShape);
            }
            case STRING: {
                return Column.strings(t.getStringValues().toArray(new String[0]), rowShape);
            }
            default:
                throw new IllegalStateException("unhandled dtype " + dtype);
        }
    }

    private static RequestRejectedException nonFinite(String name, int index, double value) {
        return new RequestRejectedException(RejectCode.NON_FINITE,
            "input '" + name + "' holds " + value + " at index " + index + "; non-finite values are rejected by configuration");
    }

    static DType dtypeOf(Tensor t) {
        return DType.valueOf(t.getDtype().name());
    }

    private static int valueCount(Tensor t) {
        return switch (dtypeOf(t)) {
            case FLOAT -> t.getFloatValues().size();
            case DOUBLE -> t.getDoubleValues().size();
            case INT32, BOOL -> t.getIntValues().size();
            case INT64 -> t.getLongValues().size();
            case STRING -> t.getStringValues().size();
        };
    }

    private static long[] rowShapeOrScalar(TensorSpec spec) {
        long[] rowShape = spec.rowShape();
        return rowShape == null || rowShape.length == 0 ? new long[0] : new long[] {1};
    }

    private static boolean isFixed(long[] shape) {
        return Arrays.stream(shape).allMatch(d -> d >= 0);
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }
}
